package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.testing.TestServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code admin bans …}: a banned customer is kept out until the ban is lifted. */
class BansTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    private AdminCli cli;

    @BeforeEach
    void start() {
        server = TestServer.start();
        cli = new AdminCli(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void banAnAddressListItAndLiftIt() throws Exception {
        AdminCli.Result added = cli.run("bans", "add", "ip", "127.0.0.7", "--reason", "abusive language");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("ip 127.0.0.7 until removed");
        assertThatThrownBy(() -> server.connect(Command.Hello.customer("Mallory", null, Map.of()),
                b -> b.localAddress("127.0.0.7")).client().request(new Command.Open("hi", null, null)).join())
                .hasMessageContaining("banned");

        JsonNode bans = JSON.readTree(cli.run("bans", "list", "--json").out());
        assertThat(bans).hasSize(1);
        assertThat(bans.get(0).path("reason").asText()).isEqualTo("abusive language");
        assertThat(bans.get(0).path("by").asText()).isEqualTo("admin");
        assertThat(cli.run("bans", "list").out()).contains("127.0.0.7", "until removed", "abusive language");

        AdminCli.Result typo = cli.run("bans", "add", "ip", "127.0.0.777");
        assertThat(typo.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(typo.err()).contains("must be an IP address", "127.0.0.777");

        assertThat(cli.run("bans", "rm", bans.get(0).path("id").asText()).exit()).isZero();
        assertThat(JSON.readTree(cli.run("bans", "list", "--json").out())).isEmpty();
        server.connect(Command.Hello.customer("Mallory", null, Map.of()), b -> b.localAddress("127.0.0.7"))
                .ok(new Command.Open("hi again", null, null));
    }

    @Test
    void aCustomerBanWithAnExpiryCountedFromNow() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        cli.clock(Clock.fixed(now, ZoneOffset.UTC));
        server.customer("One");
        server.customer("Two");
        assertThat(cli.run("bans", "add", "customer", "1", "--until", "7d").exit()).isZero();
        assertThat(cli.run("bans", "add", "customer", "2", "--until", "2099-04-01T00:00:00Z").exit()).isZero();
        JsonNode bans = JSON.readTree(cli.run("bans", "list", "--json").out());
        assertThat(bans.get(0).path("until").asText()).isEqualTo(Times.format(now.plusSeconds(7 * 86_400)));
        assertThat(bans.get(1).path("until").asText()).isEqualTo("2099-04-01T00:00:00.000Z");

        AdminCli.Result nobody = cli.run("bans", "add", "customer", "17");
        assertThat(nobody.exit()).as("never a customer").isEqualTo(ExitCode.NOT_FOUND);
        assertThat(nobody.err()).contains("no customer 17");
        AdminCli.Result past = cli.run("bans", "add", "ip", "203.0.113.9", "--until", "2020-01-01");
        assertThat(past.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(past.err()).contains("already past");
    }

    @Test
    void mistakes() {
        assertThat(cli.run("bans", "add", "email", "x@example.com").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("bans", "add", "ip", "10.0.0.1", "--until", "soon").exit()).isEqualTo(ExitCode.BAD_INPUT);
        AdminCli.Result missing = cli.run("bans", "rm", "999");
        assertThat(missing.exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("no ban '999'");
    }
}
