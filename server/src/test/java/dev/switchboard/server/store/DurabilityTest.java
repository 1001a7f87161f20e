package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.Recorder;
import dev.switchboard.server.testing.ServerProcess;
import dev.switchboard.server.testing.TestServer;
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
import org.junit.jupiter.api.Test;

/**
 * Invariant 1 against a real server process: every write acknowledged before a SIGKILL (or a SIGTERM) is in
 * the store after the restart, exactly once; and a second server on the same data dir is refused.
 */
class DurabilityTest {
    private static final String[] FAST = {"--rate", "100000", "--burst", "100000"};

    /** Streams says with cids (a bounded window in flight) until {@code acks} are acknowledged; returns cid → seq. */
    private static Map<String, Long> streamSays(int port, int acks, Runnable whenEnough) throws Exception {
        SwitchboardClient customer = SwitchboardClient.builder("127.0.0.1", port,
                Command.Hello.customer("Dura", null, null)).listener(new Recorder()).build();
        customer.connect().get(10, TimeUnit.SECONDS);
        String chat = customer.request(new Command.Open("start", null, null)).get(10, TimeUnit.SECONDS).text("chat");
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
        whenEnough.run();
        writer.join(30_000);
        customer.close();
        Map<String, Long> snapshot = new HashMap<>(acked);
        snapshot.put("chat:" + chat, -1L);
        return snapshot;
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

    private static void assertAllAcknowledgedStoredOnce(Map<String, Long> acked, List<JsonNode> events) {
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
        acked.forEach((cid, seq) -> {
            if (cid.startsWith("d-")) {
                assertThat(copies.get(cid)).as("acknowledged %s stored once", cid).isEqualTo(1);
                assertThat(seqOf.get(cid)).as("same seq as its ok").isEqualTo(seq);
            }
        });
        assertThat(copies.values()).as("no duplicates at all").allMatch(n -> n == 1);
    }

    private static String chatOf(Map<String, Long> acked) {
        return acked.keySet().stream().filter(k -> k.startsWith("chat:")).findFirst().orElseThrow().substring(5);
    }

    @Test
    void sigkillRightAfterOksLosesNothingAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-dura");
        Map<String, Long> acked;
        try (ServerProcess first = ServerProcess.start(dir, FAST)) {
            int port = first.awaitPort();
            acked = streamSays(port, 500, () -> {
                try {
                    first.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(acked.size()).isGreaterThan(500);
        try (ServerProcess second = ServerProcess.start(dir, FAST)) {
            int port = second.awaitPort();
            try {
                assertAllAcknowledgedStoredOnce(acked, transcript(port, chatOf(acked)));
            } catch (Exception e) {
                System.out.println("SERVER OUTPUT\n" + second.output());
                throw e;
            }
        }
    }

    @Test
    void sigtermDrainsAndExitsCleanly() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-dura");
        Map<String, Long> acked;
        int exit;
        try (ServerProcess first = ServerProcess.start(dir, FAST)) {
            int port = first.awaitPort();
            int[] code = new int[1];
            acked = streamSays(port, 300, () -> {
                try {
                    code[0] = first.terminate();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            exit = code[0];
        }
        assertThat(exit).isIn(0, 143);
        try (ServerProcess second = ServerProcess.start(dir, FAST)) {
            assertAllAcknowledgedStoredOnce(acked, transcript(second.awaitPort(), chatOf(acked)));
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefusedAndTheFirstKeepsWorking() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-dura");
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
}
