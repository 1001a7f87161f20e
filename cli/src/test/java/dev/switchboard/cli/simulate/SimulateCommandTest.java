package dev.switchboard.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.ClientListener;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code switchboard simulate} against a real server with one scripted agent answering. */
class SimulateCommandTest {
    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSeededArrivalsReachTheServerAndCustomersTalkGiveUpAndRate() {
        connectScriptedAgent();

        StringWriter out = new StringWriter();
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setOut(new PrintWriter(out, true));
        long started = System.nanoTime();
        int exit = cmd.execute("--server", "127.0.0.1:" + server.port(), "--rate", "240", "--duration", "4s",
                "--seed", "42", "--patience", "10s", "--pace", "30");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(took).as("bounded: the duration plus the goodbye window").isLessThan(Duration.ofSeconds(15));

        List<ArrivalPlan.Arrival> plan = ArrivalPlan.generate(ScriptBook.bundled(), 42, 240, Duration.ofSeconds(4),
                Duration.ofSeconds(10));
        JsonNode chats = server.adminClient().ok(new Command.Chats(null, null, null, 1000)).get("chats");
        List<String> onServer = new ArrayList<>();
        chats.forEach(c -> onServer.add(c.path("customer").path("name").asText()));
        assertThat(onServer).as("every planned customer opened a chat")
                .containsExactlyInAnyOrderElementsOf(plan.stream().map(ArrivalPlan.Arrival::name).toList());
        assertThat(chats).as("nobody is left behind when the time is up")
                .allMatch(c -> "closed".equals(c.path("state").asText()));

        String log = out.toString();
        assertThat(log).contains("simulating " + plan.size() + " customers", "(seed 42)", "arrives (",
                "answered by Alice", "done: " + plan.size() + " arrived, 0 refused");
        assertThat(chats).as("alice has a cap of 3, so some customers waited too long and left:\n" + log)
                .anyMatch(c -> "gave up waiting".equals(c.path("reason").asText()));
        assertThat(chats).as("and those she served rated her").anyMatch(c -> c.has("rating"));
    }

    @Test
    void badOptionsAreUsageErrors() {
        CommandLine cmd = new CommandLine(new SimulateCommand());
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cmd.execute("--duration", "soon")).isEqualTo(2);
        assertThat(cmd.execute("--rate", "0", "--duration", "1s")).isEqualTo(2);
        assertThat(cmd.execute("--server", "nowhere")).isEqualTo(2);
    }

    /**
     * A scripted agent: greets each chat it is given, answers the customer's next message, and closes the chat
     * after the one after that, so that the simulated customers reply and rate. Requests do not block, so the
     * listener may send them from the I/O thread.
     */
    private void connectScriptedAgent() {
        server.ensureAccount("alice", "agent", 3);
        Map<String, Integer> heard = new ConcurrentHashMap<>();
        AtomicReference<SwitchboardClient> self = new AtomicReference<>();
        ClientListener listener = new ClientListener() {
            @Override
            public void onFrame(ServerFrame f) {
                SwitchboardClient agent = self.get();
                if (f instanceof ServerFrame.Chat c && "active".equals(c.state()) && c.agent() != null
                        && "alice".equals(c.agent().user()) && heard.putIfAbsent(c.chat(), 0) == null) {
                    agent.request(new Command.Say(c.chat(), "Hello, I'm Alice. How can I help?", null));
                } else if (f instanceof ServerFrame.Message m && "customer".equals(m.from().role())
                        && heard.containsKey(m.chat())) {
                    int n = heard.merge(m.chat(), 1, Integer::sum);
                    if (n == 1) {
                        agent.request(new Command.Say(m.chat(), "Done. Anything else?", null));
                    } else if (n == 2) {
                        agent.request(new Command.Close(m.chat(), "resolved", "Glad I could help!", null));
                    }
                }
            }
        };
        self.set(server.connect(Command.Hello.staffPassword("alice", TestServer.PASSWORD), b -> b.listener(listener))
                .client());
    }
}
