package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.automaticIn;
import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Holding messages while no agent has greeted a chat: at 10 s with the queue position, then at 60 s and 180 s. */
class AutoResponderTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aQueuedCustomerHearsFromTheDeskAt10SecondsThenAt60And180() {
        server = TestServer.start(b -> { }, clock);
        DeskClock desk = new DeskClock(server, clock);
        server.customer("First").open("anyone there?");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello?");

        desk.advance(Duration.ofSeconds(9), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, automaticIn(chat))).isEmpty();

        desk.advance(Duration.ofSeconds(1), chris);
        ServerFrame.Message holding = chris.recorder().await(ServerFrame.Message.class, automaticIn(chat));
        assertThat(holding.from().role()).isEqualTo("system");
        assertThat(holding.from().name()).isEqualTo("Switchboard");
        assertThat(holding.internalNote()).isFalse();
        assertThat(holding.text()).contains("number 2 in the queue");

        desk.advance(Duration.ofSeconds(49), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, automaticIn(chat))).hasSize(1);
        desk.advance(Duration.ofSeconds(1), chris);
        desk.advance(Duration.ofSeconds(120), chris);
        desk.advance(Duration.ofSeconds(600), chris);
        List<String> texts = chris.recorder().all(ServerFrame.Message.class, automaticIn(chat)).stream()
                .map(ServerFrame.Message::text).toList();
        assertThat(texts).hasSize(3);
        assertThat(texts.get(1)).startsWith("Thanks for waiting. You are number 2");
        assertThat(texts.get(2)).startsWith("Sorry for the long wait.");
    }

    @Test
    void anAssignedAgentWhoHasNotGreetedIsNamedAndAGreetingStopsTheSeries() {
        server = TestServer.start(b -> b.desk = b.desk.withNoAnswer(new DeskConfig.NoAnswer(null, 0)),
                clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello?");
        awaitState(chris, chat, "active");

        desk.advance(Duration.ofSeconds(10), chris);
        assertThat(chris.recorder().await(ServerFrame.Message.class, automaticIn(chat)).text())
                .isEqualTo("Alice has your chat and will answer in a moment.");
        assertThat(alice.recorder().await(ServerFrame.Message.class, automaticIn(chat)).isAutomatic()).isTrue();

        alice.say(chat, "Hi Chris!");
        desk.advance(Duration.ofSeconds(300), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, automaticIn(chat))).hasSize(1);
    }

    @Test
    void anEmptyScheduleTurnsItOff() {
        server = TestServer.start(b -> b.desk = b.desk.withAutoReply(DeskConfig.AutoReply.off()),
                clock);
        DeskClock desk = new DeskClock(server, clock);
        TestServer.Client chris = server.customer("Chris");
        String chat = chris.open("hello?");
        desk.advance(Duration.ofSeconds(600), chris);
        assertThat(chris.recorder().all(ServerFrame.Message.class, automaticIn(chat))).isEmpty();
    }
}
