package dev.switchboard.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStatsTest {

    @Test
    void aResponseRunsFromTheFirstUnansweredCustomerMessageToTheNextAgentMessage() {
        List<ChatStats.Said> said = List.of(
                new ChatStats.Said("c1", "customer", null, 0),
                new ChatStats.Said("c1", "customer", null, 5_000),      // still the same wait
                new ChatStats.Said("c2", "customer", null, 6_000),
                new ChatStats.Said("c1", "system", null, 10_000),       // a holding message answers nothing
                new ChatStats.Said("c1", "agent", "alice", 12_000),     // 12 s
                new ChatStats.Said("c1", "agent", "alice", 13_000),     // nothing was waiting
                new ChatStats.Said("c2", "agent", "bob", 9_000),        // 3 s
                new ChatStats.Said("c1", "customer", null, 20_000),
                new ChatStats.Said("c1", "agent", "alice", 50_000));    // 30 s
        assertThat(ChatStats.responses(said)).containsExactly(
                new ChatStats.Response("alice", 12_000),
                new ChatStats.Response("bob", 3_000),
                new ChatStats.Response("alice", 30_000));
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(ChatStats.percentile(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(2);
        assertThat(ChatStats.percentile(List.of(1L, 2L, 3L, 4L), 90)).isEqualTo(4);
        assertThat(ChatStats.percentile(List.of(7L), 90)).isEqualTo(7);
    }
}
