package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.Recorder;
import dev.switchboard.server.testing.ServerProcess;
import dev.switchboard.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against a real server process under a steady stream of writes. After each fault the server restarts
 * on the same data dir and port; every acknowledged message is checked against the store and against what
 * the agent's console-style client received after resuming by itself. The report (acknowledged, found,
 * delivered, lost, duplicated per fault) is printed and written to {@code target/fault-report.md}.
 */
class FaultHarnessTest {
    private static final String[] FAST = {"--rate", "100000", "--burst", "100000"};
    private static final List<String> REPORT = new ArrayList<>();

    @TempDir
    Path dataDir;

    @FunctionalInterface
    interface Fault {
        void inject(ServerProcess server) throws Exception;

        @FunctionalInterface
        interface Runnable {
            void run() throws Exception;
        }
    }

    @AfterAll
    static void writeReport() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| fault | acknowledged | found in store | delivered after resume | lost | duplicated |");
        lines.add("| --- | --- | --- | --- | --- | --- |");
        lines.addAll(REPORT);
        String table = String.join("\n", lines) + "\n";
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "fault-report.md"), table);
    }

    @Test
    void sigkillUnderLoad() throws Exception {
        run("SIGKILL under load, restart", ServerProcess::kill);
    }

    @Test
    void sigtermUnderLoad() throws Exception {
        run("SIGTERM under load (drain), restart", server -> assertThat(server.terminate()).isIn(0, 143));
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefusedAndTheFirstKeepsWorking() throws Exception {
        Path dir = dataDir;
        try (ServerProcess first = ServerProcess.start(dir)) {
            int port = first.awaitPort();
            try (ServerProcess second = ServerProcess.start(dir)) {
                assertThat(second.awaitExit()).isEqualTo(2);
                assertThat(second.output()).contains("another Switchboard server is using the data dir");
            }
            SwitchboardClient c = SwitchboardClient.builder("127.0.0.1", port, Command.Hello.customer("Still", null, null)).build();
            assertThat(c.connect().get(10, TimeUnit.SECONDS).role()).isEqualTo("customer");
            c.close();
        }
    }

    private void run(String name, Fault fault) throws Exception {
        Path dir = dataDir;
        int port = freePort();
        String[] flags = {"--port", String.valueOf(port), FAST[0], FAST[1], FAST[2], FAST[3]};
        Recorder watched = new Recorder();
        SwitchboardClient agent;
        Map<String, Long> acked;
        String chat;
        try (ServerProcess first = ServerProcess.start(dir, flags)) {
            first.awaitPort();
            SwitchboardClient admin = SwitchboardClient.builder("127.0.0.1", port,
                    Command.Hello.staffPassword("admin", TestServer.ADMIN_PASSWORD)).build();
            admin.connect().get(10, TimeUnit.SECONDS);
            admin.request(new Command.AccountCreate("watcher", "agent", "Watcher", "pw", 10, null)).get(10, TimeUnit.SECONDS);
            admin.close();
            agent = SwitchboardClient.builder("127.0.0.1", port, Command.Hello.staffPassword("watcher", "pw"))
                    .listener(watched).reconnect(true).build();
            agent.connect().get(10, TimeUnit.SECONDS);
            SwitchboardClient customer = SwitchboardClient.builder("127.0.0.1", port,
                    Command.Hello.customer("Dura", null, null)).build();
            customer.connect().get(10, TimeUnit.SECONDS);
            chat = customer.request(new Command.Open("start", null, null)).get(10, TimeUnit.SECONDS).text("chat");
            String opened = chat;
            watched.await(ServerFrame.Chat.class, c -> c.chat().equals(opened) && "active".equals(c.state()));
            acked = streamSays(customer, chat, 500, () -> fault.inject(first));
            customer.close();
        }
        try (ServerProcess second = ServerProcess.start(dir, flags)) {
            second.awaitPort();
            Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !watched.all(ServerFrame.Resumed.class).isEmpty());
            List<JsonNode> events = transcript(port, chat);
            Map<String, Integer> copies = new HashMap<>();
            Map<String, Long> seqOf = new HashMap<>();
            for (JsonNode e : events) {
                String text = e.path("text").asText();
                if (text.startsWith("durable ")) {
                    String cid = "d-" + text.substring("durable ".length());
                    copies.merge(cid, 1, Integer::sum);
                    seqOf.put(cid, e.path("seq").asLong());
                }
            }
            Map<Long, Integer> received = new HashMap<>();
            for (ServerFrame.Message m : watched.all(ServerFrame.Message.class, m -> m.text().startsWith("durable "))) {
                received.merge(m.seq(), 1, Integer::sum);
            }
            int found = (int) acked.keySet().stream().filter(copies::containsKey).count();
            int delivered = (int) acked.values().stream().filter(received::containsKey).count();
            int lost = acked.size() - found;
            int duplicated = (int) (copies.values().stream().filter(n -> n > 1).count()
                    + received.values().stream().filter(n -> n > 1).count());
            REPORT.add("| " + name + " | " + acked.size() + " | " + found + " | " + delivered + " | " + lost + " | "
                    + duplicated + " |");
            acked.forEach((cid, seq) -> assertThat(seqOf.get(cid)).as("acknowledged %s stored with its seq", cid).isEqualTo(seq));
            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
            assertThat(delivered).as("the agent received every acknowledged message, live or on resume").isEqualTo(acked.size());
            agent.close();
        }
    }

    /** Says with cids through a bounded window until {@code acks} are acknowledged, then injects the fault. */
    private static Map<String, Long> streamSays(SwitchboardClient customer, String chat, int acks, Fault.Runnable fault)
            throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(32);
        CountDownLatch enough = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 100_000 && enough.getCount() > 0; i++) {
                String cid = "d-" + i;
                try {
                    window.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                customer.request(new Command.Say(chat, "durable " + i, cid)).whenComplete((ok, err) -> {
                    window.release();
                    if (ok != null) {
                        acked.put(cid, ok.seq());
                        if (acked.size() >= acks) {
                            enough.countDown();
                        }
                    }
                });
            }
        });
        writer.start();
        assertThat(enough.await(60, TimeUnit.SECONDS)).as("acks arrived").isTrue();
        fault.run();
        writer.join(30_000);
        return new HashMap<>(acked);
    }

    /** Every event of the chat, paging history backwards. */
    private static List<JsonNode> transcript(int port, String chat) throws Exception {
        SwitchboardClient admin = SwitchboardClient.builder("127.0.0.1", port,
                Command.Hello.staffPassword("admin", TestServer.ADMIN_PASSWORD)).build();
        admin.connect().get(10, TimeUnit.SECONDS);
        List<JsonNode> all = new ArrayList<>();
        Long before = null;
        while (true) {
            ServerFrame.Ok page = admin.request(new Command.History(chat, before, 200)).get(10, TimeUnit.SECONDS);
            List<JsonNode> events = new ArrayList<>();
            page.get("events").forEach(events::add);
            all.addAll(0, events);
            if (!page.get("more").asBoolean() || events.isEmpty()) {
                break;
            }
            before = events.get(0).path("seq").asLong();
        }
        admin.close();
        return all;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
