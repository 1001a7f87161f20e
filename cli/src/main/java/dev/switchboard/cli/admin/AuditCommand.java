package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code admin audit}: who did what, when, from where: admin actions and failed sign-ins, newest first. */
@CommandLine.Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The audit log: every admin action and every failed staff sign-in, newest first.")
final class AuditCommand extends AdminAction {
    @Option(names = "--since", paramLabel = "TIME", description = "Only entries at or after: a time, a date or an age (24h, 7d).")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N entries (1-1000). Default: ${DEFAULT-VALUE}")
    int limit;

    @Mixin
    JsonOption json;

    @Override
    int run(AdminConnection server) throws Exception {
        JsonNode entries = server.request(new Command.Audit(pastTime(since), limit)).get("entries");
        return printList(entries, json, e -> new Object[] {
                e.path("at").asText(), e.path("actor").asText(), e.path("action").asText(),
                e.path("target").asText(""), e.path("detail").asText(""), e.path("ip").asText("")},
                "AT", "WHO", "ACTION", "TARGET", "DETAIL", "FROM");
    }
}
