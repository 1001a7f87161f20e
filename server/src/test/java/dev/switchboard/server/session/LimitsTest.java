package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-session rate limits, flood cut-off, open-chat caps and the bounded outbound buffer. */
class LimitsTest {
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aBurstBeyondTheBucketIsRateLimitedAndTheConnectionStaysUsable() {
        server = TestServer.start(b -> {
            b.rateBurst = 5;
            b.ratePerSecond = 20;
        });
        try (RawClient c = new RawClient(server.port())) {
            c.send("{\"type\":\"hello\",\"id\":0,\"role\":\"customer\"}").readUntil("welcome");
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 8; i++) {
                burst.append("{\"type\":\"canned\",\"id\":").append(i).append("}\n");
            }
            c.sendBytes(burst.toString().getBytes(StandardCharsets.UTF_8));
            int limited = 0;
            for (int i = 1; i <= 8; i++) {
                JsonNode reply = c.read();
                if ("rate_limited".equals(reply.path("code").asText())) {
                    limited++;
                }
            }
            assertThat(limited).isBetween(2, 3);
            // Once the bucket refills the same connection is served again.
            Awaitility.await().untilAsserted(() -> {
                c.send("{\"type\":\"ping\",\"id\":\"p\"}");
                assertThat(c.read().path("type").asText()).isEqualTo("pong");
            });
        }
    }

    @Test
    void aSustainedFloodIsClosedWithAFinalRateLimited() {
        server = TestServer.start(b -> {
            b.rateBurst = 1;
            b.ratePerSecond = 0.001;
            b.floodLimit = 10;
        });
        try (RawClient c = new RawClient(server.port())) {
            c.send("{\"type\":\"hello\",\"id\":0,\"role\":\"customer\"}").readUntil("welcome");
            c.sendBytes("{\"type\":\"canned\"}\n".repeat(30).getBytes(StandardCharsets.UTF_8));
            String last = null;
            String line;
            while ((line = c.readLine()) != null) {
                last = line;
            }
            assertThat(last).contains("\"code\":\"rate_limited\"").contains("flooding");
        }
    }

    @Test
    void openChatsPerCustomerAreCapped() {
        server = TestServer.start(b -> b.desk = b.desk.withOpenLimits(2, 10));
        TestServer.Client chris = server.customer("Chris");
        chris.open("one");
        chris.open("two");
        var refused = chris.error(new Command.Open("three", null, null));
        assertThat(refused.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(refused.reason()).contains("2 open chats");
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndTheOthersCarryOn() throws IOException {
        server = TestServer.start(b -> b.rateBurst = 100_000);
        server.ensureAccount("lazy", "supervisor", null);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hi");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        try (Socket lazy = new Socket("127.0.0.1", server.port())) {
            lazy.setReceiveBufferSize(4096);
            OutputStream out = lazy.getOutputStream();
            out.write(("{\"type\":\"hello\",\"role\":\"agent\",\"user\":\"lazy\",\"password\":\"" + TestServer.PASSWORD
                    + "\"}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Awaitility.await().until(() -> online(alice, "lazy"));
            String big = "x".repeat(7_000);
            for (int i = 0; i < 5_000 && online(alice, "lazy"); i++) {
                chris.say(chat, big);
            }
            Awaitility.await().until(() -> !online(alice, "lazy"));
        }
        chris.say(chat, "still flowing");
        alice.recorder().awaitText("still flowing");
    }

    private static boolean online(TestServer.Client staff, String user) {
        for (JsonNode a : staff.ok(new Command.Agents()).get("agents")) {
            if (a.path("user").asText().equals(user)) {
                return a.path("online").asBoolean();
            }
        }
        return false;
    }
}
