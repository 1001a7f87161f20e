package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cli.common.Csv;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.TerminalText;
import dev.switchboard.protocol.Times;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code admin transcripts export}: every chat opened in a period, with all its events, in one file. */
@CommandLine.Command(name = "transcripts", mixinStandardHelpOptions = true, description = "Export transcripts.",
        subcommands = TranscriptsCommand.Export.class)
final class TranscriptsCommand {
    /** The most the server's {@code chats} command lists in one answer. */
    private static final int MAX_CHATS = 1000;

    @CommandLine.Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the transcripts of the chats opened in a period, oldest first:",
                    "  jsonl  one line per chat: {\"chat\": summary, \"events\": [stored events]}",
                    "  csv    one record per message: chat,customer,at,role,name,internal,text",
                    "  txt    the readable transcripts, one after another"})
    static final class Export extends AdminAction {
        @Option(names = "--since", required = true, paramLabel = "TIME",
                description = "Opened at or after: a time, a date (2026-11-23) or an age (24h, 7d).")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Opened before this time (default: now).")
        String until;

        @Option(names = "--format", paramLabel = "jsonl|csv|txt", defaultValue = "jsonl", description = "Default: ${DEFAULT-VALUE}")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Default: standard output.")
        Path output;

        @Override
        int run(AdminConnection server) throws Exception {
            if (!List.of("jsonl", "csv", "txt").contains(format)) {
                throw new AdminFailure(ExitCode.USAGE, "--format must be jsonl, csv or txt");
            }
            long untilMillis = until == null ? Long.MAX_VALUE : Times.parse(pastTime(until));
            List<JsonNode> chats = new ArrayList<>();
            String before = null;
            boolean more = true;
            // Newest first, a page at a time, each page continuing before the oldest chat of the last one.
            while (more) {
                ServerFrame.Ok ok = server.request(new Command.Chats(null, null, pastTime(since), MAX_CHATS, before));
                JsonNode page = ok.get("chats");
                page.forEach(c -> {
                    if (Times.parse(c.path("openedAt").asText()) < untilMillis) {
                        chats.add(0, c);
                    }
                });
                more = ok.get("more").asBoolean() && page.size() > 0;
                before = more ? page.get(page.size() - 1).path("chat").asText() : null;
            }
            PrintWriter w = output == null ? out() : create(output);
            try {
                if ("csv".equals(format)) {
                    w.print(Csv.record("chat", "customer", "at", "role", "name", "internal", "text"));
                }
                for (JsonNode summary : chats) {
                    write(w, server, summary);
                }
            } finally {
                if (output == null) {
                    w.flush();
                } else {
                    w.close();
                }
            }
            err().println("exported " + chats.size() + (chats.size() == 1 ? " chat" : " chats"));
            err().flush();
            return ExitCode.OK;
        }

        private void write(PrintWriter w, AdminConnection server, JsonNode summary) throws IOException {
            String chat = summary.path("chat").asText();
            Transcript t = Transcript.fetch(server, chat);
            switch (format) {
                case "jsonl" -> {
                    ObjectNode line = server.codec().object();
                    line.set("chat", summary);
                    line.putArray("events").addAll(t.events());
                    w.println(mapper().writeValueAsString(line));
                }
                case "csv" -> {
                    // Exact in a file; neutralised on standard output, which ends on a terminal (through grep,
                    // less) more often than not, as the txt format always is.
                    UnaryOperator<String> line = output == null ? TerminalText::line : UnaryOperator.identity();
                    UnaryOperator<String> text = output == null ? TerminalText::multiline : UnaryOperator.identity();
                    String customer = line.apply(summary.path("customer").path("name").asText());
                    for (ServerFrame.Message m : t.messages(server.codec())) {
                        w.print(Csv.record(chat, customer, m.at(), m.from().role(), line.apply(m.from().name()),
                                String.valueOf(m.internalNote()), text.apply(m.text())));
                    }
                }
                default -> {
                    w.print(t.render(server.codec(), environment().clock().getZone()));
                    w.println();
                }
            }
        }
    }
}
