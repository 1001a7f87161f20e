package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code admin audit}: admin actions and failed sign-ins, who, what, when and from where. */
class AuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listsAdminActionsAndFailedSignIns() throws Exception {
        try (TestServer server = TestServer.start()) {
            AdminCli cli = new AdminCli(server);
            assertThat(cli.run("bans", "add", "ip", "10.9.8.7", "--reason", "spam").exit()).isZero();
            AdminCli intruder = new AdminCli(server);
            intruder.env("SWITCHBOARD_PASSWORD", "guess");
            assertThat(intruder.run("agents", "list").exit()).isEqualTo(5);

            Awaitility.await().untilAsserted(() -> assertThat(actions(cli)).contains("login.failed"));
            assertThat(actions(cli)).contains("ban.add");
            String table = cli.run("audit").out();
            assertThat(table.lines().findFirst().orElseThrow()).startsWith("AT").contains("WHO", "ACTION", "FROM");
            assertThat(table).contains("login.failed", "127.0.0.1", "ban.add", "ip 10.9.8.7");
        }
    }

    private static List<String> actions(AdminCli cli) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : JSON.readTree(cli.run("audit", "--json").out())) {
            out.add(e.path("action").asText());
        }
        return out;
    }
}
