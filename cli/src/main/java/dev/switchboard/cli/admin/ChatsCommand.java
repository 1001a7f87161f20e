package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cli.common.Table;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin chats}: find chats and read their transcripts. */
@CommandLine.Command(name = "chats", mixinStandardHelpOptions = true, description = "Find chats and read transcripts.",
        subcommands = {ChatsCommand.ListChats.class, ChatsCommand.Show.class})
final class ChatsCommand {

    @CommandLine.Command(name = "list", mixinStandardHelpOptions = true, description = "List chats, newest first.")
    static final class ListChats extends AdminAction {
        @Option(names = "--state", paramLabel = "STATE", description = "open (queued or active), queued, active or closed.")
        String state;

        @Option(names = "--agent", paramLabel = "USER", description = "Only chats assigned to this account.")
        String agent;

        @Option(names = "--since", paramLabel = "TIME",
                description = "Opened at or after: a time (2026-11-23T09:00:00Z), a date (2026-11-23) or an age (24h, 7d).")
        String since;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N chats. Default: ${DEFAULT-VALUE}")
        int limit;

        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            ServerFrame.Ok ok = server.request(new Command.Chats(state, agent, pastTime(since), limit));
            if (json.json) {
                printJson(ok.result());
                return ExitCode.OK;
            }
            Table table = new Table("CHAT", "STATE", "CUSTOMER", "AGENT", "OPENED", "CLOSED", "REASON", "RATING");
            for (JsonNode c : ok.get("chats")) {
                JsonNode rating = c.path("rating");
                table.row(c.path("chat").asText(), c.path("state").asText(), c.path("customer").path("name").asText(),
                        c.path("agent").asText(null), c.path("openedAt").asText(), c.path("closedAt").asText(null),
                        c.path("reason").asText(null), rating.isMissingNode() ? null : rating.path("score").asInt() + "/5");
            }
            table.print(out());
            if (ok.get("more").asBoolean()) {
                // On stderr: a script reading the table (chats list | awk …) gets rows only.
                err().println("(more chats match: narrow with --since, --state or --agent, or raise --limit)");
                err().flush();
            }
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a chat's whole transcript, internal notes included.")
    static final class Show extends AdminAction {
        @Parameters(paramLabel = "CHAT")
        String chat;

        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            Transcript t = Transcript.fetch(server, chat);
            if (json.json) {
                ObjectNode n = server.codec().object();
                n.put("chat", chat);
                n.putArray("events").addAll(t.events());
                printJson(n);
            } else {
                out().print(t.render(server.codec(), environment().clock().getZone()));
                out().flush();
            }
            return ExitCode.OK;
        }
    }
}
