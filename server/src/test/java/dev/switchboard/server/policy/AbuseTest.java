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

/**
 * Closing as abusive: the policy text, a ban of the customer for a period, and who did it. (The IP ban needs a
 * visitor's own address, which loopback is not: TrustedProxyTest covers it.)
 */
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

        var unrated = troll.error(new Command.Rate(chat, 1, "you people are useless", null));
        assertThat(unrated.code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(unrated.reason()).isEqualTo("chat " + chat + " was closed as abusive and cannot be rated");

        var refused = troll.error(new Command.Open("let me back in", null, null));
        assertThat(refused.code()).isEqualTo(ErrorCode.BANNED);
        assertThat(refused.reason()).contains("until 2026-11-23T11:00:00.000Z");
        assertThatThrownBy(() -> server.connect(Command.Hello.customer("Troll", null, Map.of()),
                        b -> b.reconnect(false).resume(troll.client().resumeToken())))
                .hasMessageContaining("banned").hasMessageContaining("2026-11-23T11:00:00.000Z");

        List<String> audit = server.server().store().read(c -> Store.list(c,
                "SELECT actor, action, target, detail FROM audit WHERE action = 'chat.abusive'",
                rs -> rs.getString("actor") + " " + rs.getString("target") + " " + rs.getString("detail")));
        assertThat(audit).singleElement().asString().startsWith("u:alice " + chat).contains("banned until")
                .contains("ip 127.0.0.1 not banned (loopback");
        List<String> bans = server.server().store().read(c -> Store.list(c,
                "SELECT kind, created_by FROM bans ORDER BY kind", rs -> rs.getString("kind") + " " + rs.getString("created_by")));
        assertThat(bans).as("the troll came over loopback, as every local customer does: only the customer is banned")
                .containsExactly("customer alice");
        server.customer("Another local customer").open("hello");

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
