package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.common.Table;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import java.util.Locale;
import java.util.function.BiConsumer;
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
                + "average response (every answered wait), resolution time (median), CSAT (average of 1-5, count); "
                + "then the share of chats that met each SLA target (first response, next response, resolution)."})
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
        forEachWho(ok, (who, figures) -> row(table, who, figures));
        table.print(out());
        // The targets' hit rates in a table of their own: one more column each would not fit 80 columns.
        Table sla = new Table("SLA", "FIRST RESPONSE", "NEXT RESPONSE", "RESOLUTION");
        forEachWho(ok, (who, figures) -> slaRow(sla, who, figures));
        out().println();
        sla.print(out());
        return ExitCode.OK;
    }

    /** The overall figures, then each agent's. */
    private static void forEachWho(ServerFrame.Ok ok, BiConsumer<String, JsonNode> action) {
        action.accept("(overall)", ok.get("overall"));
        ok.get("agents").fields().forEachRemaining(agent -> action.accept(agent.getKey(), agent.getValue()));
    }

    private static void slaRow(Table table, String who, JsonNode f) {
        JsonNode sla = f.path("sla");
        table.row(who, hitRate(sla.path("firstResponse")), hitRate(sla.path("nextResponse")), hitRate(sla.path("resolution")));
    }

    /** "75% (3 of 4)": the share of chats that met the target, or null when none was measured against it. */
    private static String hitRate(JsonNode target) {
        int hit = target.path("hit").asInt();
        int measured = hit + target.path("miss").asInt();
        return measured == 0 ? null
                : String.format(Locale.ROOT, "%d%% (%d of %d)", Math.round(hit * 100.0 / measured), hit, measured);
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
