package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.store.Store;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing as abusive: the policy text, a ban of the customer and their IP for a period, and who did it. */
class AbuseTest {
    private final MutableClock clock = new MutableClock();
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAbusiveCloseSendsThePolicyBansTokenAndAddressAndRecordsWho() throws Exception {
        server = TestServer.start(b -> b.desk = b.desk.withAbuse(new DeskConfig.Abuse("Closed: see our conduct policy.",
                Duration.ofHours(2))), clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client troll = server.customer("Troll");
        String chat = troll.open("you are all useless");
        awaitState(alice, chat, "active");

        alice.ok(new Command.Close(chat, "abusive", null, null));
        ServerFrame.Message policy = troll.recorder().awaitText("Closed: see our conduct policy.");
        assertThat(policy.isAutomatic()).isTrue();
        assertThat(policy.from().role()).isEqualTo("system");
        ServerFrame.Chat closed = awaitState(troll, chat, "closed");
        assertThat(closed.reason()).isEqualTo("abusive");
        assertThat(closed.seq()).as("the policy text comes first").isGreaterThan(policy.seq());

        var refused = troll.error(new Command.Open("let me back in", null, null));
        assertThat(refused.code()).isEqualTo(ErrorCode.BANNED);
        assertThat(refused.reason()).contains("until 2026-11-23T11:00:00.000Z");
        assertThatThrownBy(() -> server.connect(Command.Hello.customer("Other name", null, Map.of()), b -> b.reconnect(false)))
                .hasMessageContaining("banned").hasMessageContaining("2026-11-23T11:00:00.000Z");

        List<String> audit = server.server().store().read(c -> Store.list(c,
                "SELECT actor, action, target, detail FROM audit WHERE action = 'chat.abusive'",
                rs -> rs.getString("actor") + " " + rs.getString("target") + " " + rs.getString("detail")));
        assertThat(audit).singleElement().asString().startsWith("u:alice " + chat).contains("banned until");
        List<String> bans = server.server().store().read(c -> Store.list(c,
                "SELECT kind, created_by FROM bans ORDER BY kind", rs -> rs.getString("kind") + " " + rs.getString("created_by")));
        assertThat(bans).containsExactly("customer alice", "ip alice");

        clock.advance(Duration.ofHours(2));
        server.customer("Reformed").open("sorry about that");
    }

    @Test
    void withoutABanPeriodOnlyThePolicyTextIsSent() {
        server = TestServer.start(b -> b.desk = b.desk.withAbuse(new DeskConfig.Abuse("Goodbye.", null)), clock);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client troll = server.customer("Troll");
        String chat = troll.open("grr");
        awaitState(alice, chat, "active");
        alice.ok(new Command.Close(chat, "abusive", null, null));
        troll.recorder().awaitText("Goodbye.");
        troll.open("hello again");
    }
}
