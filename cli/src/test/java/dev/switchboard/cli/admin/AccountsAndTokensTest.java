package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.protocol.Command;
import dev.switchboard.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code admin agents …} and {@code admin tokens …} end to end, with their failures and exit codes. */
class AccountsAndTokensTest {
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
    void addListSetAndTheAccountSignsIn() throws Exception {
        AdminCli.Result added = cli.runWithInput("s3cret-pass\n", "agents", "add", "alice", "--kind", "agent",
                "--display-name", "Alice Andersen", "--cap", "4", "--team", "billing", "--password-stdin");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("created agent alice");
        server.connect(Command.Hello.staffPassword("alice", "s3cret-pass"), b -> { }).client().close();

        JsonNode list = JSON.readTree(cli.run("agents", "list", "--json").out());
        JsonNode alice = find(list, "alice");
        assertThat(alice.path("name").asText()).isEqualTo("Alice Andersen");
        assertThat(alice.path("kind").asText()).isEqualTo("agent");
        assertThat(alice.path("cap").asInt()).isEqualTo(4);
        assertThat(alice.path("team").asText()).isEqualTo("billing");

        assertThat(cli.run("agents", "set", "alice", "--cap", "6", "--kind", "supervisor").exit()).isZero();
        JsonNode changed = find(JSON.readTree(cli.run("agents", "list", "--json").out()), "alice");
        assertThat(changed.path("cap").asInt()).isEqualTo(6);
        assertThat(changed.path("kind").asText()).isEqualTo("supervisor");

        AdminCli.Result table = cli.run("agents", "list");
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("USER").contains("KIND", "CAP", "ONLINE");
        assertThat(table.out()).containsPattern("alice +Alice Andersen +supervisor +billing +6");
    }

    @Test
    void connectionOptionsGoBeforeOrAfterTheSubcommandAndAnAccountIsAnAgentUnlessTold() throws Exception {
        String server = "127.0.0.1:" + this.server.port();
        // As the README writes it: the connection first, then what to do.
        AdminCli.Result added = cli.runWithInput("dana-pass-1\n", "--server", server, "--user", "admin",
                "agents", "add", "dana", "--password-stdin");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("created agent dana");
        AdminCli.Result between = cli.run("agents", "--server", server, "list", "--json");
        assertThat(between.exit()).as(between.err()).isZero();
        assertThat(find(JSON.readTree(between.out()), "dana").path("kind").asText()).isEqualTo("agent");

        // Wherever it is given, the option is the one used: a wrong server before the subcommand is reached.
        AdminCli.Result unreachable = cli.run("--server", "127.0.0.1:1", "agents", "list");
        assertThat(unreachable.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(unreachable.err()).contains("127.0.0.1:1");
    }

    @Test
    void passwdDisableAndEnable() throws Exception {
        cli.runWithInput("first-pass\n", "agents", "add", "bob", "--kind", "agent", "--password-stdin");
        AdminCli.Result passwd = cli.runWithInput("second-pass\n", "agents", "passwd", "bob", "--password-stdin");
        assertThat(passwd.exit()).as(passwd.err()).isZero();
        server.connect(Command.Hello.staffPassword("bob", "second-pass"), b -> { }).client().close();
        assertThatThrownBy(() -> server.connect(Command.Hello.staffPassword("bob", "first-pass"), b -> { }))
                .hasMessageContaining("auth_failed");

        assertThat(cli.run("agents", "disable", "bob").exit()).isZero();
        assertThat(find(JSON.readTree(cli.run("agents", "list", "--json").out()), "bob").path("disabled").asBoolean()).isTrue();
        assertThatThrownBy(() -> server.connect(Command.Hello.staffPassword("bob", "second-pass"), b -> { }))
                .hasMessageContaining("auth_failed");
        assertThat(cli.run("agents", "enable", "bob").exit()).isZero();
        server.connect(Command.Hello.staffPassword("bob", "second-pass"), b -> { }).client().close();
    }

    @Test
    void unknownUserIsExitCodeThreeWithTheServersMessage() {
        AdminCli.Result set = cli.run("agents", "set", "nobody", "--cap", "2");
        assertThat(set.exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(set.err()).isEqualTo("admin agents set: no account 'nobody'\n");
        assertThat(set.out()).isEmpty();
        assertThat(cli.runWithInput("pw\n", "agents", "passwd", "nobody", "--password-stdin").exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.run("agents", "disable", "nobody").exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(cli.run("tokens", "create", "nobody").exit()).isEqualTo(ExitCode.NOT_FOUND);
    }

    @Test
    void duplicateAccountIsExitCodeFour() {
        cli.runWithInput("pw-one\n", "agents", "add", "carol", "--kind", "agent", "--password-stdin");
        AdminCli.Result again = cli.runWithInput("pw-two\n", "agents", "add", "carol", "--kind", "agent", "--password-stdin");
        assertThat(again.exit()).isEqualTo(ExitCode.CONFLICT);
        assertThat(again.err()).contains("account 'carol' exists already");
    }

    @Test
    void badValuesAndMissingPasswordsAreRefusedBeforeAnythingIsCreated() {
        AdminCli.Result badName = cli.runWithInput("pw\n", "agents", "add", "Not Valid", "--kind", "agent", "--password-stdin");
        assertThat(badName.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badName.err()).contains("lower-case");

        AdminCli.Result noPassword = cli.run("agents", "add", "dave", "--kind", "agent");
        assertThat(noPassword.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noPassword.err()).contains("--password-stdin");

        AdminCli.Result emptyStdin = cli.run("agents", "add", "dave", "--kind", "agent", "--password-stdin");
        assertThat(emptyStdin.exit()).isEqualTo(ExitCode.BAD_INPUT);

        assertThat(cli.run("agents", "add", "dave").exit()).as("--kind is required").isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("agents", "list", "--json").out()).doesNotContain("dave");
    }

    @Test
    void signInFailuresHaveTheirOwnExitCodes() {
        AdminCli.Result wrong = cli.env("SWITCHBOARD_PASSWORD", "nope").run("agents", "list");
        assertThat(wrong.exit()).isEqualTo(ExitCode.DENIED);
        assertThat(wrong.err()).contains("wrong user name or password");

        AdminCli.Result none = cli.env("SWITCHBOARD_PASSWORD", null).run("agents", "list");
        assertThat(none.exit()).isEqualTo(ExitCode.DENIED);
        assertThat(none.err()).contains("SWITCHBOARD_PASSWORD");

        AdminCli.Result unreachable = cli.env("SWITCHBOARD_PASSWORD", TestServer.ADMIN_PASSWORD)
                .run("agents", "list", "--server", "127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot reach the server at 127.0.0.1:1");

        assertThat(cli.run("agents", "list", "--server", "no-port").exit()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void agentsMayNotAdminister() {
        cli.runWithInput("agent-pass\n", "agents", "add", "erin", "--kind", "agent", "--password-stdin");
        AdminCli.Result asAgent = cli.env("SWITCHBOARD_USER", null).env("SWITCHBOARD_PASSWORD", "agent-pass")
                .run("agents", "list", "--user", "erin");
        assertThat(asAgent.exit()).isEqualTo(ExitCode.DENIED);
        assertThat(asAgent.err()).contains("only admins");
    }

    @Test
    void botTokensCreateListSignInAndRevoke() throws Exception {
        AdminCli.Result bot = cli.run("agents", "add", "faq-bot", "--kind", "bot");
        assertThat(bot.exit()).as(bot.err()).isZero();
        assertThat(bot.out()).contains("tokens create faq-bot");

        AdminCli.Result created = cli.run("tokens", "create", "faq-bot", "--label", "faq");
        assertThat(created.exit()).isZero();
        String token = created.out().strip();
        assertThat(token).doesNotContain(" ").hasSizeGreaterThan(16);
        String tokenId = created.err().replaceAll("(?s)^token (\\S+) .*", "$1");
        server.connect(Command.Hello.staffToken("faq-bot", token), b -> { }).client().close();

        JsonNode json = JSON.readTree(cli.run("tokens", "create", "faq-bot", "--json").out());
        assertThat(json.path("token").asText()).isNotBlank();

        JsonNode listed = JSON.readTree(cli.run("tokens", "list", "faq-bot", "--json").out());
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("id").asText()).isEqualTo(tokenId);
        assertThat(listed.get(0).path("label").asText()).isEqualTo("faq");
        assertThat(listed.toString()).doesNotContain(token);

        assertThat(cli.run("tokens", "revoke", tokenId).exit()).isZero();
        assertThatThrownBy(() -> server.connect(Command.Hello.staffToken("faq-bot", token), b -> { }))
                .hasMessageContaining("auth_failed");
        assertThat(cli.run("tokens", "list", "--json").out()).contains("revokedAt");
        AdminCli.Result again = cli.run("tokens", "revoke", tokenId);
        assertThat(again.exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(again.err()).contains("no active token");
        AdminCli.Result nobody = cli.run("tokens", "list", "nobody");
        assertThat(nobody.exit()).as("not an account, rather than an empty list").isEqualTo(ExitCode.NOT_FOUND);
        assertThat(nobody.err()).contains("no account 'nobody'");
    }

    private static JsonNode find(JsonNode accounts, String user) {
        for (JsonNode a : accounts) {
            if (a.path("user").asText().equals(user)) {
                return a;
            }
        }
        throw new AssertionError("no account " + user + " in " + accounts);
    }
}
