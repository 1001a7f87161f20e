package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Topics route to teams; a transfer to a team puts the chat at the head of that team's queue. */
class TeamsTest {
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Client member(String user, String team) {
        server.ensureAccount(user, "agent", null);
        server.adminClient().ok(new Command.AccountUpdate(user, null, null, 1, team, null));
        return server.agent(user);
    }

    @Test
    void topicsRouteToTeamsAndATransferToATeamGoesToTheHeadOfItsQueue() {
        server = TestServer.start(b -> b.desk = b.desk.withTopicTeams(Map.of("invoice", "billing")));
        TestServer.Client bella = member("bella", "billing");
        TestServer.Client tom = member("tom", "technical");

        String invoice = server.customer("Ina").ok(new Command.Open("wrong amount", "invoice", null)).text("chat");
        ServerFrame.Chat routed = awaitState(bella, invoice, "active");
        assertThat(routed.team()).isEqualTo("billing");
        TestServer.Client ben = server.customer("Ben");
        String waiting = ben.ok(new Command.Open("refund?", "billing", null)).text("chat");
        assertThat(awaitState(ben, waiting, "queued").team()).as("a topic named like a team").isEqualTo("billing");
        String tech = server.customer("Tia").ok(new Command.Open("server down", "technical", null)).text("chat");
        awaitState(tom, tech, "active");

        assertThat(tom.error(new Command.Transfer(tech, "team:nosuchteam", null)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        tom.ok(new Command.Transfer(tech, "team:billing", "customer also asks about an invoice"));
        ServerFrame.Chat transferred = bella.recorder().await(ServerFrame.Chat.class,
                c -> c.chat().equals(tech) && "queued".equals(c.state()) && "billing".equals(c.team()));
        assertThat(transferred.position()).as("ahead of the billing chat that waited longer").isEqualTo(1);
        assertThat(ben.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(waiting)
                && Integer.valueOf(2).equals(c.position())).state()).isEqualTo("queued");

        bella.ok(new Command.Close(invoice, null, null, null));
        bella.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(tech) && "active".equals(c.state())
                && "bella".equals(c.agent().user()));
    }

    @Test
    void aTeamChatWaitsForItsTeamWhileOthersAreServed() {
        server = TestServer.start();
        member("bella", "billing").ok(new Command.Status("away"));
        TestServer.Client tom = member("tom", "technical");
        TestServer.Client ina = server.customer("Ina");
        String billing = ina.ok(new Command.Open("invoice", "billing", null)).text("chat");
        String general = server.customer("Gus").open("general question");
        assertThat(awaitState(tom, general, "active").agent().user()).as("not blocked behind the billing chat").isEqualTo("tom");
        assertThat(awaitState(ina, billing, "queued").position()).isEqualTo(1);
    }
}
