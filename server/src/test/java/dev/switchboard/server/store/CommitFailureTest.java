package dev.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A commit that fails answers its batch {@code unavailable}, fans nothing out, and the desk carries on from
 * the store once the fault is gone. The fault here: another process holds SQLite's write lock past the busy
 * timeout.
 */
class CommitFailureTest {

    @Test
    void aFailedCommitAnswersUnavailableSendsNothingAndTheServerRecovers() throws Exception {
        try (TestServer server = TestServer.start()) {
            TestServer.Client alice = server.agent("alice");
            TestServer.Client chris = server.customer("Chris");
            String chat = chris.open("hello");
            alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));

            String url = "jdbc:sqlite:" + server.dataDir().resolve("switchboard.db");
            try (Connection intruder = DriverManager.getConnection(url); Statement s = intruder.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                var refused = alice.error(new Command.Say(chat, "lost in the fault", null));
                assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                // Reads keep working while writes cannot commit.
                assertThat(alice.ok(new Command.History(chat, null, null)).get("events")).isNotEmpty();
                s.execute("ROLLBACK");
            }
            alice.say(chat, "after the fault");
            chris.recorder().awaitText("after the fault");
            assertThat(chris.recorder().all(ServerFrame.Message.class, m -> m.text().equals("lost in the fault"))).isEmpty();
            List<String> texts = new ArrayList<>();
            for (JsonNode e : alice.ok(new Command.History(chat, null, null)).get("events")) {
                texts.add(e.path("text").asText());
            }
            assertThat(texts).contains("after the fault").doesNotContain("lost in the fault");
            assertThat(alice.recorder().all(ServerFrame.Message.class)).extracting(ServerFrame.Message::seq)
                    .isSorted().doesNotHaveDuplicates();
        }
    }
}
