package dev.switchboard.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.Server;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start creates {@code admin} after it starts listening, with the work factor operators run: a sign-in
 * that arrives before the account exists waits for it instead of failing.
 */
class FirstAdminTest {
    /** Slow enough that the sign-in below always arrives while the password is still being hashed. */
    private static final int SLOW_KDF = 300_000;

    @TempDir
    Path dir;

    @Test
    void aSignInRightAfterTheFirstStartWaitsForTheAdminAccount() throws Exception {
        try (TestServer server = TestServer.startIn(dir, b -> b.kdfIterations = SLOW_KDF, Clock.systemUTC())) {
            ServerFrame.Welcome welcome = server.adminClient().client().welcome();
            assertThat(welcome.kind()).isEqualTo("admin");
            assertThat(welcome.user()).isEqualTo("admin");
        }
    }

    @Test
    void aGeneratedPasswordIsShownOnceAndSignsIn() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Server server = start(SLOW_KDF, null, console);
        try {
            Pattern shown = Pattern.compile("Created the first account 'admin' with password: (\\S+)");
            await().atMost(Duration.ofSeconds(30)).until(() -> shown.matcher(console.toString(StandardCharsets.UTF_8)).find());
            Matcher m = shown.matcher(console.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).isTrue();
            SwitchboardClient admin = SwitchboardClient.builder("127.0.0.1", server.port(),
                    Command.Hello.staffPassword("admin", m.group(1))).build();
            assertThat(admin.connect().get(30, TimeUnit.SECONDS).kind()).isEqualTo("admin");
            String accounts = admin.request(new Command.AccountList()).get(10, TimeUnit.SECONDS).toString();
            assertThat(accounts).contains("admin");
            admin.close();
        } finally {
            server.close();
        }
    }

    @Test
    void aRestartDoesNotCreateItAgain() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (TestServer first = TestServer.startIn(dir, b -> { }, Clock.systemUTC())) {
            first.adminClient();
        }
        Server again = start(1_000, "another-password", console);
        try {
            SwitchboardClient admin = SwitchboardClient.builder("127.0.0.1", again.port(),
                    Command.Hello.staffPassword("admin", TestServer.ADMIN_PASSWORD)).build();
            assertThat(admin.connect().get(30, TimeUnit.SECONDS).kind()).isEqualTo("admin");
            admin.close();
            assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("Created the first account");
        } finally {
            again.close();
        }
    }

    /** A server on {@link #dir} whose console output goes to {@code console}. */
    private Server start(int kdfIterations, String adminPassword, ByteArrayOutputStream console) throws Exception {
        ServerConfig.Builder b = ServerConfig.defaults(dir).toBuilder();
        b.port = 0;
        b.kdfIterations = kdfIterations;
        b.adminPassword = adminPassword;
        b.durable = false;
        return new Server(b.build(), Clock.systemUTC()).start(new PrintStream(console, true, StandardCharsets.UTF_8));
    }
}
