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
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;

/**
 * Fifty agents on the SSH console at once: every console comes up, the threads they add stay a small constant
 * per session (no pool growing without bound), and all of them go away when the sessions end. Prints the
 * heap and threads per session (both ends of the SSH connection live in this JVM, so the heap figure is an
 * upper bound for the server side).
 */
class SshManySessionsTest {
    private static final int SESSIONS = 50;

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
    void fiftyConcurrentConsoles() throws Exception {
        try (TestServer server = TestServer.start(b -> b.rateBurst = 1000);
             SshFrontDoor door = SshFrontDoor.start(server.server(), ServerConfig.defaults(server.dataDir()),
                     "127.0.0.1", 0, 200)) {
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
                int threadsBefore = Thread.activeCount();

                List<ClientSession> sessions = new ArrayList<>();
                List<Seen> screens = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    ClientSession s = open(client, door, "agent" + i);
                    sessions.add(s);
                    screens.add((Seen) ((ChannelShell) s.getAttribute(SHELL)).getOut());
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> screens.stream().allMatch(x -> x.seen));
                assertThat(door.activeSessions()).isEqualTo(SESSIONS);
                Thread.sleep(2000); // let every console settle into its idle once-a-second redraw
                long heapDuring = usedHeapAfterGc();
                int threadsDuring = Thread.activeCount();
                java.util.Map<String, Long> byName = Thread.getAllStackTraces().keySet().stream().collect(
                        java.util.stream.Collectors.groupingBy(t -> t.getName().replaceAll("[-0-9]+$", ""),
                                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
                System.out.println("threads by name: " + byName);
                double kibPerSession = (heapDuring - heapBefore) / 1024.0 / SESSIONS;
                long clientPumps = byName.entrySet().stream().filter(e -> e.getKey().startsWith("sshd-ClientInputStreamPump"))
                        .mapToLong(java.util.Map.Entry::getValue).sum();
                double serverThreadsPerSession = (threadsDuring - threadsBefore - clientPumps) / (double) SESSIONS;
                System.out.printf("SSH sessions: %d; heap per session %.0f KiB (both ends in one JVM); "
                        + "server-side threads per session %.2f (%d -> %d, less %d client pump threads)%n", SESSIONS,
                        kibPerSession, serverThreadsPerSession, threadsBefore, threadsDuring, clientPumps);
                // The console's UI thread and its key reader: a fixed two per session, none in any pool that grows.
                assertThat(consoleThreads()).isEqualTo(2L * SESSIONS);
                assertThat(serverThreadsPerSession).as("server threads per idle session").isLessThanOrEqualTo(2.2);

                for (ClientSession s : sessions) {
                    s.close(true);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> door.activeSessions() == 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> consoleThreads() == 0);
                // What remains are fixed-size pools that started lazily (Netty event loops, MINA nio2 threads).
                Thread.sleep(1000);
                System.out.printf("threads after all sessions ended: %d (before: %d)%n", Thread.activeCount(), threadsBefore);
                assertThat(Thread.activeCount()).isLessThan(threadsBefore + 20);
            } finally {
                client.stop();
            }
        }
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

    private static long consoleThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ssh-console-") || t.getName().equals("console-keys")).count();
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
