package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cli.common.TimeArgs;
import dev.switchboard.protocol.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code admin bans}: keep abusive customers or addresses out. */
@CommandLine.Command(name = "bans", mixinStandardHelpOptions = true, description = "Ban customers or IP addresses.",
        subcommands = {BansCommand.Add.class, BansCommand.ListBans.class, BansCommand.Remove.class})
final class BansCommand {

    @CommandLine.Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Ban a customer (by the customer id that 'chats list --json' shows) or an IP address.",
                    "Without --until the ban lasts until removed."})
    static final class Add extends AdminAction {
        @Parameters(index = "0", paramLabel = "customer|ip")
        String kind;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Option(names = "--reason", paramLabel = "TEXT")
        String reason;

        @Option(names = "--until", paramLabel = "TIME",
                description = "When the ban ends: a time, a date (2026-12-01) or a span from now (24h, 7d).")
        String until;

        @Override
        int run(AdminConnection server) {
            if (!"customer".equals(kind) && !"ip".equals(kind)) {
                throw new AdminFailure(ExitCode.USAGE, "the first argument must be 'customer' or 'ip', not '" + kind + "'");
            }
            String end = until == null ? null : TimeArgs.futureTime(until, environment().clock());
            String id = server.request(new Command.BanAdd(kind, value, reason, end)).text("ban");
            out().println("ban " + id + ": " + kind + " " + value + (end == null ? " until removed" : " until " + end));
            return ExitCode.OK;
        }
    }

    @CommandLine.Command(name = "list", mixinStandardHelpOptions = true, description = "List bans, expired ones included.")
    static final class ListBans extends AdminAction {
        @Mixin
        JsonOption json;

        @Override
        int run(AdminConnection server) throws Exception {
            JsonNode bans = server.request(new Command.BanList()).get("bans");
            return printList(bans, json, b -> new Object[] {
                    b.path("id").asText(), b.path("kind").asText(), b.path("value").asText(),
                    b.path("until").asText("until removed"), b.path("reason").asText(null),
                    b.path("by").asText(), b.path("createdAt").asText()},
                    "ID", "KIND", "VALUE", "UNTIL", "REASON", "BY", "CREATED");
        }
    }

    @CommandLine.Command(name = "rm", mixinStandardHelpOptions = true, description = "Lift a ban by its id.")
    static final class Remove extends AdminAction {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(AdminConnection server) {
            server.request(new Command.BanRemove(id));
            out().println("removed ban " + id);
            return ExitCode.OK;
        }
    }
}
