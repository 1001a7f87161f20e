package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.common.Table;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code admin stats}: support figures over the chats opened in a period, overall and per agent. The server
 * computes them (nearest-rank percentiles); this prints them with readable durations.
 */
@CommandLine.Command(name = "stats", mixinStandardHelpOptions = true,
        header = "Support figures: volumes, waits, response times and CSAT, overall and per agent.",
        description = {"Support figures for the chats opened in a period, overall and per agent: chats, closed, "
                + "abandoned (the customer left before any answer), queue wait (median, p90), first response (median), "
                + "average response (every answered wait), resolution time (median), CSAT (average of 1-5, count)."})
final class StatsCommand extends AdminAction {
    @Option(names = "--since", paramLabel = "TIME", description = "Start: a time, a date or an age (24h, 7d). Default: all time.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "End (exclusive). Default: now.")
    String until;

    @Mixin
    JsonOption json;

    @Override
    int run(AdminConnection server) throws Exception {
        ServerFrame.Ok ok = server.request(new Command.Stats(pastTime(since), pastTime(until)));
        if (json.json) {
            printJson(ok.result());
            return ExitCode.OK;
        }
        Table table = new Table("WHO", "CHATS", "CLOSED", "ABANDONED", "WAIT MEDIAN", "WAIT P90", "1ST RESP MEDIAN",
                "RESP AVG", "RESOLUTION MEDIAN", "CSAT");
        row(table, "(overall)", ok.get("overall"));
        for (Iterator<Map.Entry<String, JsonNode>> it = ok.get("agents").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> agent = it.next();
            row(table, agent.getKey(), agent.getValue());
        }
        table.print(out());
        return ExitCode.OK;
    }

    private static void row(Table table, String who, JsonNode f) {
        JsonNode csat = f.path("csat");
        table.row(who, f.path("chats").asInt(), f.path("closed").asInt(), f.path("abandoned").asInt(),
                duration(f.path("queueWaitMs").path("median")), duration(f.path("queueWaitMs").path("p90")),
                duration(f.path("firstResponseMs").path("median")), duration(f.path("responseMs").path("average")),
                duration(f.path("resolutionMs").path("median")),
                csat.path("count").asInt() == 0 ? null
                        : String.format(Locale.ROOT, "%.2f (%d)", csat.path("average").asDouble(),
                        csat.path("count").asInt()));
    }

    /** Milliseconds as people read them: 850ms, 42s, 3m05s, 1h12m. */
    static String duration(JsonNode millis) {
        if (millis.isMissingNode() || millis.isNull()) {
            return null;
        }
        long ms = millis.asLong();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
