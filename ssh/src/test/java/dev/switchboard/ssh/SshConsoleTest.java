package dev.switchboard.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Command;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console over SSH, driven by MINA's client with a pty, against a real server. */
class SshConsoleTest {
    private TestServer server;
    private SshFrontDoor door;
    private SshClient client;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
        door = SshFrontDoor.start(server.server(), ServerConfig.defaults(server.dataDir()), "127.0.0.1", 0, 200);
        server.ensureAccount("alice", "agent", null);
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        door.close();
        server.close();
    }

    /**
     * What the console wrote, replayed on a small grid emulator (cursor moves, clears, printable text; colours
     * ignored) so the test reads the screen as a person would, whatever delta the console sent.
     */
    static final class Screen extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile int columns;
        private volatile int rows;

        Screen(int columns, int rows) {
            this.columns = columns;
            this.rows = rows;
        }

        void resize(int c, int r) {
            columns = c;
            rows = r;
        }

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String raw() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        /** The screen now, one string per row. */
        String[] lines() {
            String out = raw();
            int w = columns;
            int h = rows;
            int[][] grid = new int[h][w];
            for (int[] row : grid) {
                java.util.Arrays.fill(row, ' ');
            }
            int x = 0;
            int y = 0;
            int i = 0;
            while (i < out.length()) {
                int cp = out.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == 0x1b && i < out.length() && out.charAt(i) == '[') {
                    int j = i + 1;
                    while (j < out.length() && (out.charAt(j) < '@' || out.charAt(j) > '~')) {
                        j++;
                    }
                    if (j >= out.length()) {
                        break;
                    }
                    String params = out.substring(i + 1, j);
                    char fin = out.charAt(j);
                    i = j + 1;
                    String[] p = params.startsWith("?") ? new String[0] : params.split(";");
                    if (fin == 'H' || fin == 'f') {
                        y = p.length > 0 && !p[0].isEmpty() ? Integer.parseInt(p[0]) - 1 : 0;
                        x = p.length > 1 && !p[1].isEmpty() ? Integer.parseInt(p[1]) - 1 : 0;
                    } else if (fin == 'J' && params.equals("2")) {
                        for (int[] row : grid) {
                            java.util.Arrays.fill(row, ' ');
                        }
                    } else if (fin == 'K' && y >= 0 && y < h) {
                        for (int k = Math.max(0, x); k < w; k++) {
                            grid[y][k] = ' ';
                        }
                    }
                } else if (cp == 0x1b) {
                    i++;
                } else if (cp == '\r') {
                    x = 0;
                } else if (cp == '\n') {
                    y++;
                } else if (cp == '\b') {
                    x = Math.max(0, x - 1);
                } else if (cp >= 0x20) {
                    if (y >= 0 && y < h && x >= 0 && x < w) {
                        grid[y][x] = cp;
                    }
                    x++;
                }
            }
            String[] lines = new String[h];
            for (int r = 0; r < h; r++) {
                lines[r] = new String(grid[r], 0, w);
            }
            return lines;
        }

        String text() {
            return String.join("\n", lines());
        }

        void await(String s) {
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> text().contains(s));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the screen never showed '" + s + "'; it showed:\n" + text(), e);
            }
        }
    }

    private ClientSession passwordSession(String user, String password) throws Exception {
        ClientSession s = client.connect(user, "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession();
        s.addPasswordIdentity(password);
        s.auth().verify(15, TimeUnit.SECONDS);
        return s;
    }

    private record Shell(ChannelShell channel, PipedOutputStream keys, Screen screen) {
        void type(String s) throws Exception {
            keys.write(s.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }
    }

    private static Shell shell(ClientSession s, int columns, int rows) throws Exception {
        ChannelShell ch = s.createShellChannel();
        ch.setPtyType("xterm");
        ch.setPtyColumns(columns);
        ch.setPtyLines(rows);
        PipedOutputStream keys = new PipedOutputStream();
        ch.setIn(new PipedInputStream(keys, 65536));
        Screen screen = new Screen(columns, rows);
        ch.setOut(screen);
        ch.setErr(OutputStream.nullOutputStream());
        ch.open().verify(10, TimeUnit.SECONDS);
        return new Shell(ch, keys, screen);
    }

    @Test
    void anAgentWorksAChatOverSshAndTheCustomerGetsTheReply() throws Exception {
        try (ClientSession s = passwordSession("alice", TestServer.PASSWORD)) {
            Shell sh = shell(s, 100, 30);
            sh.screen().await("0/3 chats");
            assertThat(sh.screen().lines()[29]).as("the status bar on the pty's last row").contains("F1 help");

            TestServer.Client chris = server.customer("Chris");
            chris.open("my order is late 📦");
            sh.screen().await("Chris");
            sh.type("\u001b1"); // Alt+1
            sh.screen().await("my order is late 📦"); // the emoji itself, not Lanterna's "??"

            sh.screen().resize(120, 40);
            sh.channel().sendWindowChange(120, 40);
            await().atMost(Duration.ofSeconds(10)).until(() -> sh.screen().lines()[39].contains("F1 help")
                    && sh.screen().lines()[39].stripTrailing().length() > 100);

            sh.type("\u0013\u001a"); // Ctrl+S, Ctrl+Z reach the console (no flow control, no job control)
            sh.type("Hello from SSH\r"); // Enter is a bare CR
            chris.recorder().awaitText("Hello from SSH");

            sh.type("\u001bOP"); // F1, as xterm sends it
            sh.screen().await("Jump to the chat that needs you most");
            sh.type("\u001b"); // a lone Esc closes the help
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !sh.screen().text().contains("Jump to the chat that needs you most"));

            sh.type("\u0003"); // Ctrl+C reaches the console (its quit key), not a signal on the server
            sh.screen().await("Quit the console?");
            sh.type("y");
            sh.channel().waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(10));
            assertThat(sh.channel().getExitStatus()).isEqualTo(0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> door.activeSessions() == 0);
        assertThat(activeSessionTokens()).as("the session's token is revoked").isZero();
    }

    @Test
    void theConsoleSignsInOverTlsWhenTheServerSpeaksTls() throws Exception {
        door.close();
        server.close();
        server = TestServer.start(b -> b.tls = true);
        door = SshFrontDoor.start(server.server(), ServerConfig.defaults(server.dataDir()), "127.0.0.1", 0, 200);
        server.ensureAccount("alice", "agent", null);
        try (ClientSession s = passwordSession("alice", TestServer.PASSWORD)) {
            Shell sh = shell(s, 80, 24);
            sh.screen().await("0/3 chats");
            TestServer.Client chris = server.customer("Chris");
            chris.open("is this encrypted?");
            sh.screen().await("Chris");
            sh.type("\u001b1");
            sh.screen().await("is this encrypted?");
            sh.type("End to end\r");
            chris.recorder().awaitText("End to end");
        }
    }

    @Test
    void aDroppedConnectionEndsTheConsole() throws Exception {
        ClientSession s = passwordSession("alice", TestServer.PASSWORD);
        Shell sh = shell(s, 80, 24);
        sh.screen().await("0/3 chats");
        assertThat(door.activeSessions()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> aliceOnline());
        s.close(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> door.activeSessions() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> activeSessionTokens() == 0);
        // The console's protocol session ended with the SSH connection: the desk's usual grace rule takes over.
        await().atMost(Duration.ofSeconds(10)).until(() -> !aliceOnline());
    }

    @Test
    void aClientThatStopsReadingIsCutOffWhileOthersCarryOn() throws Exception {
        server.ensureAccount("bob", "agent", null);
        try (ClientSession healthy = passwordSession("alice", TestServer.PASSWORD);
             ClientSession stalled = passwordSession("bob", TestServer.PASSWORD)) {
            Shell sh = shell(healthy, 100, 30);
            sh.screen().await("0/3 chats");

            // Bob's client never reads its output (async streaming, no read issued) and grants a small window.
            CoreModuleProperties.WINDOW_SIZE.set(stalled, 32 * 1024L);
            ChannelShell bob = stalled.createShellChannel();
            bob.setPtyType("xterm");
            bob.setPtyColumns(200);
            bob.setPtyLines(60);
            bob.setStreaming(ClientChannel.Streaming.Async);
            bob.open().verify(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> door.activeSessions() == 2);

            // Each window change redraws bob's whole screen, until his backlog is too long and his console ends.
            int[] columns = {200};
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                columns[0] = columns[0] == 200 ? 199 : 200;
                bob.sendWindowChange(columns[0], 60);
                return door.activeSessions() == 1;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> activeSessionTokens() == 1);
            stalled.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED), TimeUnit.SECONDS.toMillis(10));
            assertThat(stalled.isClosed()).as("bob's connection is hung up, not left waiting for his window").isTrue();

            TestServer.Client chris = server.customer("Chris");
            chris.open("anyone there?");
            sh.screen().await("Chris");
        }
    }

    @Test
    void aRegisteredKeySignsInAndAnUnknownKeyDoesNot() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair registered = g.generateKeyPair();
        KeyPair unknown = g.generateKeyPair();
        String line = PublicKeyEntry.toString(registered.getPublic()) + " alice@laptop";
        String fp = server.adminClient().ok(new Command.SshKeyAdd("alice", line)).text("fingerprint");
        assertThat(fp).startsWith("SHA256:");
        assertThat(server.adminClient().ok(new Command.SshKeyList("alice")).get("keys").get(0).path("fingerprint")
                .asText()).isEqualTo(fp);

        // ed25519, the key type most agents have, works too
        KeyPair ed = KeyPairGenerator.getInstance("EdDSA", "EdDSA").generateKeyPair();
        server.adminClient().ok(new Command.SshKeyAdd("alice", PublicKeyEntry.toString(ed.getPublic())));
        try (ClientSession s = client.connect("alice", "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession()) {
            s.addPublicKeyIdentity(ed);
            s.auth().verify(15, TimeUnit.SECONDS);
        }
        try (ClientSession s = client.connect("alice", "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession()) {
            s.addPublicKeyIdentity(unknown);
            assertThatThrownBy(() -> s.auth().verify(15, TimeUnit.SECONDS)).isInstanceOf(Exception.class);
        }
        try (ClientSession s = client.connect("alice", "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession()) {
            s.addPublicKeyIdentity(registered);
            s.auth().verify(15, TimeUnit.SECONDS);
            Shell sh = shell(s, 90, 25);
            sh.screen().await("0/3 chats");
        }
        server.adminClient().ok(new Command.SshKeyRemove("alice", fp));
        try (ClientSession s = client.connect("alice", "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession()) {
            s.addPublicKeyIdentity(registered);
            assertThatThrownBy(() -> s.auth().verify(15, TimeUnit.SECONDS)).as("removed key").isInstanceOf(Exception.class);
        }
    }

    @Test
    void wrongPasswordsCustomersAndBotsAreRefused() throws Exception {
        assertThatThrownBy(() -> passwordSession("alice", "wrong")).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> passwordSession("chris", TestServer.PASSWORD)).as("customers have no account")
                .isInstanceOf(Exception.class);
        server.ensureAccount("robot", "bot", null);
        assertThatThrownBy(() -> passwordSession("robot", "")).isInstanceOf(Exception.class);
        String token = server.adminClient().ok(new Command.TokenCreate("robot", null)).text("token");
        assertThatThrownBy(() -> passwordSession("robot", token)).as("a bot's token is no SSH password")
                .isInstanceOf(Exception.class);
    }

    @Test
    void failedSshLoginsCountTowardsTheLoginThrottle() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> passwordSession("alice", "wrong")).isInstanceOf(Exception.class);
        }
        // The account is now throttled on the TCP port too (and over SSH, even with the right password).
        assertThatThrownBy(() -> passwordSession("alice", TestServer.PASSWORD)).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> server.agent("alice")).hasMessageContaining("rate_limited");
    }

    @Test
    void refusedKeysCountOncePerConnectionTowardsTheLoginThrottle() throws Exception {
        KeyPair registered = ecKey();
        server.adminClient().ok(new Command.SshKeyAdd("alice", PublicKeyEntry.toString(registered.getPublic())));
        KeyPair[] strangers = {ecKey(), ecKey(), ecKey()};

        // An ssh-agent offering two other keys first gets in; the registered key's probe is no failure.
        assertThat(keyLogin("alice", strangers[0], strangers[1], registered)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> failedLogins("alice") == 1);
        assertThat(keyLogin("alice", registered)).isTrue();

        // Four connections, three refused keys each: four failures, not twelve, so alice is not throttled yet...
        for (int i = 0; i < 4; i++) {
            assertThat(keyLogin("alice", strangers)).isFalse();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> failedLogins("alice") == 5);
        assertThat(keyLogin("alice", registered)).isTrue();

        // ...while five refused connections throttle the account: on the TCP port, and for the right key too.
        for (int i = 0; i < 5; i++) {
            assertThat(keyLogin("alice", strangers[0])).isFalse();
        }
        assertThatThrownBy(() -> server.agent("alice")).hasMessageContaining("rate_limited");
        assertThat(keyLogin("alice", registered)).as("throttled: even the registered key is refused").isFalse();

        // A key offered for a name that is no staff account is a failed sign-in too (audited after alice's
        // attempts above, so once it is in the log, so are they).
        assertThat(keyLogin("mallory", strangers[0])).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> failedLogins("mallory") == 1);
        // While throttled, a connection offering several keys is one audited failure, not one per key.
        long aliceSoFar = failedLogins("alice");
        assertThat(keyLogin("alice", strangers[0], strangers[1], registered)).isFalse();
        assertThat(keyLogin("mallory", strangers[0])).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> failedLogins("mallory") == 2);
        assertThat(failedLogins("alice")).isEqualTo(aliceSoFar + 1);
        // And one for a name no account could have: audited without a target, under a readable actor.
        assertThat(keyLogin("no such name!", strangers[0])).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().store().read(c ->
                dev.switchboard.server.store.Store.one(c, "SELECT COUNT(*) AS n FROM audit WHERE action = 'login.failed'"
                        + " AND actor = 'u:(no valid name)' AND target IS NULL", rs -> rs.getLong("n"))).orElse(0L) == 1);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    /** Offers {@code keys} in order, as an ssh-agent does; true when one of them signs in. */
    private boolean keyLogin(String user, KeyPair... keys) throws Exception {
        try (ClientSession s = client.connect(user, "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession()) {
            for (KeyPair k : keys) {
                s.addPublicKeyIdentity(k);
            }
            try {
                s.auth().verify(15, TimeUnit.SECONDS);
                return true;
            } catch (Exception refused) {
                return false;
            }
        }
    }

    private long failedLogins(String user) throws Exception {
        return server.server().store().read(c -> dev.switchboard.server.store.Store.one(c,
                "SELECT COUNT(*) AS n FROM audit WHERE action = 'login.failed' AND target = ?", rs -> rs.getLong("n"),
                user)).orElse(0L);
    }

    @Test
    void execSubsystemsAndForwardingAreRefused() throws Exception {
        try (ClientSession s = passwordSession("alice", TestServer.PASSWORD)) {
            ChannelExec exec = s.createExecChannel("id");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exec.setOut(out);
            boolean refused;
            try {
                exec.open().verify(10, TimeUnit.SECONDS);
                exec.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(10));
                refused = exec.getExitStatus() == null || exec.getExitStatus() != 0;
            } catch (Exception e) {
                refused = true;
            }
            assertThat(refused).as("exec refused").isTrue();
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("uid=");

            ClientChannel sftp = s.createSubsystemChannel("sftp");
            boolean subsystemRefused;
            try {
                sftp.open().verify(10, TimeUnit.SECONDS);
                sftp.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TimeUnit.SECONDS.toMillis(10));
                subsystemRefused = sftp.getExitStatus() == null || sftp.getExitStatus() != 0;
            } catch (Exception e) {
                subsystemRefused = true;
            }
            assertThat(subsystemRefused).as("subsystem refused").isTrue();

            assertThatThrownBy(() -> s.startRemotePortForwarding(new SshdSocketAddress("127.0.0.1", 0),
                    new SshdSocketAddress("127.0.0.1", server.port()))).as("remote forwarding").isInstanceOf(Exception.class);
            assertThatThrownBy(() -> s.createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0),
                    new SshdSocketAddress("127.0.0.1", server.port())).open().verify(10, TimeUnit.SECONDS))
                    .as("local forwarding").isInstanceOf(Exception.class);
        }
        assertThat(door.activeSessions()).isZero();
    }

    private boolean aliceOnline() {
        for (var a : server.adminClient().ok(new Command.AccountList()).get("accounts")) {
            if (a.path("user").asText().equals("alice")) {
                return a.path("online").asBoolean();
            }
        }
        return false;
    }

    private long activeSessionTokens() throws Exception {
        return server.server().store().read(c -> dev.switchboard.server.store.Store.one(c,
                "SELECT COUNT(*) AS n FROM tokens WHERE label = ? AND revoked_at IS NULL", rs -> rs.getLong("n"),
                ConsoleTickets.LABEL)).orElse(0L);
    }
}
