package dev.switchboard.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** 500 simultaneous opens: per-agent (with an override), team and desk-wide caps are never exceeded, nobody is lost. */
class CapsBurstTest {
    private static final int CUSTOMERS = 20;
    private static final int OPENS_EACH = 25;
    private static final Map<String, Integer> AGENT_CAPS = Map.of("b1", 4, "b2", 2, "b3", 2, "g1", 2, "g2", 2);
    private static final Map<String, String> TEAMS = Map.of("b1", "billing", "b2", "billing", "b3", "billing");
    private static final int BILLING_CAP = 3;
    private static final int GLOBAL_CAP = 7;
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBurstOf500OpensNeverExceedsAnyCap() throws Exception {
        server = TestServer.start(b -> {
            b.desk = b.desk.withDefaultCap(2).withOpenLimits(OPENS_EACH, CUSTOMERS * OPENS_EACH)
                    .withCaps(new DeskConfig.Caps(Map.of("billing", BILLING_CAP), GLOBAL_CAP));
            b.maxConnectionsPerIp = 100;
            b.connectBurst = 100;
            b.connectsPerSecond = 100;
            b.rateBurst = 1000;
        });
        for (String user : AGENT_CAPS.keySet()) {
            server.ensureAccount(user, "agent", null);
            server.adminClient().ok(new Command.AccountUpdate(user, null, null,
                    "b1".equals(user) ? AGENT_CAPS.get(user) : null, TEAMS.get(user), null));
            server.agent(user);
        }
        TestServer.Client sue = server.staff("sue", "supervisor");
        List<TestServer.Client> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(server.customer("C" + i));
        }

        List<CompletableFuture<ServerFrame.Ok>> opens = new ArrayList<>();
        for (TestServer.Client c : customers) {
            SwitchboardClient client = c.client();
            for (int j = 0; j < OPENS_EACH; j++) {
                opens.add(client.request(new Command.Open("burst " + j, null, null)));
            }
        }
        Set<String> opened = new HashSet<>();
        for (CompletableFuture<ServerFrame.Ok> f : opens) {
            opened.add(f.get(30, TimeUnit.SECONDS).text("chat"));
        }
        assertThat(opened).hasSize(CUSTOMERS * OPENS_EACH);

        // The supervisor sees every chat event in seq order: replaying them gives the load after every step.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> latest(sue).keySet().containsAll(opened));
        Map<String, String> agentOf = new HashMap<>();
        for (ServerFrame.Chat e : sue.recorder().all(ServerFrame.Chat.class)) {
            agentOf.put(e.chat(), "active".equals(e.state()) ? e.agent().user() : null);
            Map<String, Integer> load = new HashMap<>();
            agentOf.values().stream().filter(a -> a != null).forEach(a -> load.merge(a, 1, Integer::sum));
            load.forEach((agent, n) -> assertThat(n).as(agent + "'s load at seq " + e.seq()).isLessThanOrEqualTo(AGENT_CAPS.get(agent)));
            int billing = load.entrySet().stream().filter(x -> TEAMS.containsKey(x.getKey())).mapToInt(Map.Entry::getValue).sum();
            assertThat(billing).as("billing's load at seq " + e.seq()).isLessThanOrEqualTo(BILLING_CAP);
            assertThat(load.values().stream().mapToInt(Integer::intValue).sum()).as("desk load").isLessThanOrEqualTo(GLOBAL_CAP);
        }
        Map<String, ServerFrame.Chat> last = latest(sue);
        long active = opened.stream().filter(c -> "active".equals(last.get(c).state())).count();
        long queued = opened.stream().filter(c -> "queued".equals(last.get(c).state())).count();
        assertThat(active).as("the desk fills up to its global cap").isEqualTo(GLOBAL_CAP);
        assertThat(queued).as("everyone else waits in the queue").isEqualTo(CUSTOMERS * OPENS_EACH - GLOBAL_CAP);
    }

    private static Map<String, ServerFrame.Chat> latest(TestServer.Client staff) {
        Map<String, ServerFrame.Chat> out = new HashMap<>();
        staff.recorder().all(ServerFrame.Chat.class).forEach(c -> out.put(c.chat(), c));
        return out;
    }
}
