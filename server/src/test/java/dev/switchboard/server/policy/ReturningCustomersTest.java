package dev.switchboard.server.policy;

import static dev.switchboard.server.policy.DeskClock.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A returning customer (same token or same email) goes to the agent who served them last; staff see earlier chats. */
class ReturningCustomersTest {
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSameTokenOrEmailIsOfferedToTheLastAgentFirst() {
        server = TestServer.start();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client bob = server.agent("bob");
        bob.ok(new Command.Status("away"));
        TestServer.Client chris = server.customer("Chris");
        String first = chris.open("my order is late");
        awaitState(alice, first, "active");
        alice.ok(new Command.Close(first, null, null, null));
        String other = server.customer("Olga").open("hello");
        awaitState(alice, other, "active");
        bob.ok(new Command.Status("available"));

        // bob has fewer chats, but chris comes back on the same token: alice first.
        String second = chris.open("it is still late");
        ServerFrame.Chat again = awaitState(alice, second, "active");
        assertThat(again.agent().user()).isEqualTo("alice");
        assertThat(again.customer().earlier()).isEqualTo(1);

        // A new connection (new token) with the same email is recognised too.
        TestServer.Client sameEmail = server.connect(Command.Hello.customer("Chris", "chris@example.com",
                Map.of("page", "/orders")), b -> { });
        String third = sameEmail.open("hello from my phone");
        assertThat(awaitState(alice, third, "active").customer().earlier()).isEqualTo(2);

        JsonNode earlier = alice.ok(new Command.Earlier(third, null)).get("chats");
        assertThat(earlier).hasSize(2);
        assertThat(earlier.get(0).get("chat").asText()).isEqualTo(second);
        assertThat(earlier.get(1).get("chat").asText()).isEqualTo(first);
        assertThat(earlier.get(1).get("agent").asText()).isEqualTo("alice");
        assertThat(earlier.get(1).get("reason").asText()).isEqualTo("resolved");

        // Once alice is full, the preference yields: bob takes the returning customer.
        alice.ok(new Command.Close(other, null, null, null));
        server.adminClient().ok(new Command.AccountUpdate("alice", null, null, 2, null, null));
        String fourth = sameEmail.open("one more");
        assertThat(awaitState(bob, fourth, "active").agent().user()).isEqualTo("bob");
    }
}
