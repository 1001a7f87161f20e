package dev.switchboard.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.testing.TestServer;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;

/**
 * Many agents on the SSH console at once (50 by default; {@code -Dssh.sessions=200} for more): every console comes
 * up, the server's threads stay the same whether 10 or all of them idle (a console owns no thread; turns run on a
 * shared pool), and every session's resources go when it ends. Prints the heap and threads per session (both
 * ends of the SSH connections live in this JVM, so the heap figure is an upper bound for the server side).
 */
class SshManySessionsTest {
    private static final int SESSIONS = Integer.getInteger("ssh.sessions", 50);
    private static final int FIRST = 10;

    /** Remembers only whether the console's status bar ("F1 help") has been drawn; keeps no output. */
    static final class Seen extends OutputStream {
        private final byte[] needle = "F1 help".getBytes(StandardCharsets.UTF_8);
        private int matched;
        volatile boolean seen;

        @Override
        public synchronized void write(int b) {
            if (seen) {
                return;
            }
            matched = b == needle[matched] ? matched + 1 : b == needle[0] ? 1 : 0;
            if (matched == needle.length) {
                seen = true;
            }
        }
    }

    @Test
    void manyConcurrentConsolesShareAFixedSetOfThreads() throws Exception {
        try (TestServer server = TestServer.start(b -> b.rateBurst = 1000);
             SshFrontDoor door = SshFrontDoor.start(server.server(), ServerConfig.defaults(server.dataDir()),
                     "127.0.0.1", 0, Math.max(200, SESSIONS))) {
            for (int i = 0; i < SESSIONS; i++) {
                server.ensureAccount("agent" + i, "agent", null);
            }
            SshClient client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try {
                // one warm-up session so class loading and pools are not counted per session
                open(client, door, "agent0").close(true);
                await().atMost(Duration.ofSeconds(10)).until(() -> door.activeSessions() == 0);
                long heapBefore = usedHeapAfterGc();
                int threadsBefore = serverSideThreads();

                List<ClientSession> sessions = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    sessions.add(open(client, door, "agent" + i));
                    if (i + 1 == FIRST) {
                        awaitConsoles(sessions);
                    }
                }
                int threadsWithFirst = serverSideThreads();
                awaitConsoles(sessions);
                assertThat(door.activeSessions()).isEqualTo(SESSIONS);
                long heapDuring = usedHeapAfterGc();
                int threadsDuring = serverSideThreads();
                System.out.println("threads by name: " + threadsByName());
                System.out.printf("SSH sessions: %d; heap per session %.0f KiB (both ends in one JVM); server-side "
                        + "threads %d before, %d with %d sessions, %d with %d%n", SESSIONS,
                        (heapDuring - heapBefore) / 1024.0 / SESSIONS, threadsBefore, threadsWithFirst, FIRST,
                        threadsDuring, SESSIONS);
                // The old model held two threads per console (80 more here); now only fixed pools may still fill.
                assertThat(threadsDuring - threadsWithFirst).as("threads added by %d more idle sessions",
                        SESSIONS - FIRST).isLessThanOrEqualTo(3);

                for (ClientSession s : sessions) {
                    s.close(true);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> door.activeSessions() == 0);
                // Nothing per session is left behind (pools that fill lazily, as during the test, may add a few).
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> serverSideThreads() <= threadsDuring + 3);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("threads left after closing every session: " + threadsByName(), e);
                }
            } finally {
                client.stop();
            }
        }
    }

    private static void awaitConsoles(List<ClientSession> sessions) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sessions.stream()
                .allMatch(s -> ((Seen) s.getAttribute(SHELL).getOut()).seen));
    }

    /** Live threads but the MINA client's per-channel pumps (this test's side of the connections). */
    private static int serverSideThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("sshd-ClientInputStreamPump")).count();
    }

    private static Map<String, Long> threadsByName() {
        return Thread.getAllStackTraces().keySet().stream().collect(Collectors.groupingBy(
                t -> t.getName().replaceAll("\\[[^]]*]|[-0-9]+$", ""), TreeMap::new, Collectors.counting()));
    }

    private static final org.apache.sshd.common.AttributeRepository.AttributeKey<ChannelShell> SHELL =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private static ClientSession open(SshClient client, SshFrontDoor door, String user) throws Exception {
        ClientSession s = client.connect(user, "127.0.0.1", door.port()).verify(10, TimeUnit.SECONDS).getSession();
        s.addPasswordIdentity(TestServer.PASSWORD);
        s.auth().verify(15, TimeUnit.SECONDS);
        ChannelShell ch = s.createShellChannel();
        ch.setPtyType("xterm");
        ch.setPtyColumns(120);
        ch.setPtyLines(40);
        ch.setIn(new PipedInputStream(new PipedOutputStream(), 1024));
        ch.setOut(new Seen());
        ch.setErr(OutputStream.nullOutputStream());
        ch.open().verify(10, TimeUnit.SECONDS);
        s.setAttribute(SHELL, ch);
        return s;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
