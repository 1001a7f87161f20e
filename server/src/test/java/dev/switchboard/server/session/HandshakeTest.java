package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.RequestException;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void framesBeforeHelloGetAuthRequiredThenTheConnectionCloses() {
        server = TestServer.start();
        try (RawClient c = new RawClient(server.port())) {
            for (int i = 1; i < 5; i++) {
                c.send("{\"type\":\"ping\",\"id\":" + i + "}");
                JsonNode err = c.read();
                assertThat(err.path("code").asText()).isEqualTo("auth_required");
                assertThat(err.path("re").asInt()).isEqualTo(i);
            }
            c.send("{\"type\":\"ping\",\"id\":5}");
            JsonNode last = c.read();
            assertThat(last.path("code").asText()).isEqualTo("auth_required");
            assertThat(last.path("message").asText()).contains("too many frames before hello");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void aHelloCanFollowBadFramesAndTheConnectionWorks() {
        server = TestServer.start();
        try (RawClient c = new RawClient(server.port())) {
            c.send("{oops");
            assertThat(c.read().path("code").asText()).isEqualTo("bad_json");
            c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}");
            assertThat(c.read().path("type").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void wrongPasswordsAreRefusedAndTheThirdClosesTheConnection() {
        server = TestServer.start();
        server.ensureAccount("alice", "agent", null);
        try (RawClient c = new RawClient(server.port())) {
            for (int i = 1; i <= 2; i++) {
                c.send("{\"type\":\"hello\",\"id\":" + i + ",\"role\":\"agent\",\"user\":\"alice\",\"password\":\"nope\"}");
                JsonNode err = c.read();
                assertThat(err.path("code").asText()).isEqualTo("auth_failed");
                assertThat(err.path("message").asText()).isEqualTo("wrong user name or password");
            }
            c.send("{\"type\":\"hello\",\"id\":3,\"role\":\"agent\",\"user\":\"nobody\",\"password\":\"nope\"}");
            JsonNode last = c.read();
            assertThat(last.path("code").asText()).isEqualTo("auth_failed");
            assertThat(last.path("message").asText()).contains("too many failed attempts");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void requestsPipelinedBehindAFailedHelloAreAnswered() {
        server = TestServer.start();
        server.ensureAccount("alice", "agent", null);
        try (RawClient c = new RawClient(server.port())) {
            c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"agent\",\"user\":\"alice\",\"password\":\"nope\"}"
                    + "\n{\"type\":\"canned\",\"id\":2}");
            assertThat(c.read().path("code").asText()).isEqualTo("auth_failed");
            JsonNode second = c.read();
            assertThat(second.path("code").asText()).isEqualTo("auth_required");
            assertThat(second.path("re").asInt()).isEqualTo(2);
        }
    }

    @Test
    void silentConnectionsAreClosedAfterTheHelloDeadline() {
        server = TestServer.start(b -> b.helloTimeout = Duration.ofMillis(300));
        try (RawClient c = new RawClient(server.port())) {
            JsonNode err = c.read();
            assertThat(err.path("code").asText()).isEqualTo("auth_required");
            assertThat(err.path("message").asText()).contains("no hello");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void idleWelcomedConnectionsAreClosedWithAFinalError() {
        server = TestServer.start(b -> b.idleTimeout = Duration.ofMillis(400));
        try (RawClient c = new RawClient(server.port())) {
            c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}");
            assertThat(c.read().path("type").asText()).isEqualTo("welcome");
            JsonNode err = c.read();
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("message").asText()).contains("no frame for");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void bytesOfALineThatNeverEndsDoNotCountAsActivity() {
        server = TestServer.start(b -> b.idleTimeout = Duration.ofMillis(400));
        java.util.concurrent.ScheduledExecutorService trickle = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (RawClient c = new RawClient(server.port())) {
            c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}");
            assertThat(c.read().path("type").asText()).isEqualTo("welcome");
            // A byte every 100 ms, never a newline: four times within each idle period, yet no frame.
            trickle.scheduleAtFixedRate(() -> {
                try {
                    c.sendBytes(new byte[] {' '});
                } catch (RuntimeException closed) {
                    // the server has closed the connection: the point of the test
                }
            }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            JsonNode err = c.read();
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("message").asText()).contains("no frame for");
            assertThat(c.closedByServer()).isTrue();
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void welcomeCarriesSeqStoreAndProtocolAndASecondHelloIsRefused() {
        server = TestServer.start();
        TestServer.Client alice = server.agent("alice");
        ServerFrame.Welcome w = alice.client().welcome();
        assertThat(w.role()).isEqualTo("agent");
        assertThat(w.kind()).isEqualTo("agent");
        assertThat(w.name()).isEqualTo("Alice");
        assertThat(w.protocol()).isEqualTo(1);
        assertThat(w.store()).isNotBlank();
        assertThat(w.server()).startsWith("switchboard/");
        RequestException again = alice.error(Command.Hello.staffPassword("alice", TestServer.PASSWORD));
        assertThat(again.code()).isEqualTo(ErrorCode.INVALID_STATE);
    }

    @Test
    void botsSignInWithTokensNotPasswordsAndRevokedTokensStopWorking() throws Exception {
        server = TestServer.start();
        TestServer.Client admin = server.adminClient();
        server.ensureAccount("faqbot", "bot", null);
        ServerFrame.Ok created = admin.ok(new Command.TokenCreate("faqbot", "ci"));
        String token = created.text("token");

        TestServer.Client bot = server.connect(Command.Hello.staffToken("faqbot", token), b -> { });
        assertThat(bot.client().welcome().kind()).isEqualTo("bot");
        bot.close();

        var wrongUser = dev.switchboard.client.SwitchboardClient.builder("127.0.0.1", server.port(),
                Command.Hello.staffToken("admin", token)).build();
        assertThat(failure(wrongUser)).isEqualTo(ErrorCode.AUTH_FAILED);

        admin.ok(new Command.TokenRevoke(created.text("tokenId")));
        var revoked = dev.switchboard.client.SwitchboardClient.builder("127.0.0.1", server.port(),
                Command.Hello.staffToken("faqbot", token)).build();
        assertThat(failure(revoked)).isEqualTo(ErrorCode.AUTH_FAILED);
    }

    @Test
    void aCustomerResumesWithItsTokenAndAnUnknownTokenIsRefused() throws Exception {
        server = TestServer.start();
        TestServer.Client chris = server.customer("Chris");
        String token = chris.client().resumeToken();
        String chat = chris.open("first");
        chris.close();

        TestServer.Client again = server.connect(Command.Hello.customer("Chris", null, null), b -> b.resume(token));
        assertThat(again.client().welcome().name()).isEqualTo("Chris");
        again.say(chat, "still me");

        TestServer.Client other = server.customer("Eve");
        assertThat(other.error(new Command.Say(chat, "let me in", null)).code()).isEqualTo(ErrorCode.NOT_FOUND);

        var stranger = dev.switchboard.client.SwitchboardClient.builder("127.0.0.1", server.port(),
                Command.Hello.customer("Eve", null, null)).resume("not-a-token").build();
        assertThat(failure(stranger)).isEqualTo(ErrorCode.AUTH_FAILED);
    }

    private static ErrorCode failure(dev.switchboard.client.SwitchboardClient c) throws Exception {
        try {
            c.connect().get(10, TimeUnit.SECONDS);
            throw new AssertionError("connected, but should have been refused");
        } catch (ExecutionException e) {
            return ((RequestException) e.getCause()).code();
        } finally {
            c.close();
        }
    }
}
