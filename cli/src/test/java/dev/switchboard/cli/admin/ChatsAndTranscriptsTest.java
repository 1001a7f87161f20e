package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cli.common.Csv;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin chats list|show} and {@code admin transcripts export} over a chat that went through everything. */
class ChatsAndTranscriptsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    private AdminCli cli;
    private String chat;

    @TempDir
    Path dir;

    @BeforeEach
    void scenario() {
        // The long-history test sends a few hundred messages from one session.
        server = TestServer.start(b -> {
            b.rateBurst = 1000;
            b.ratePerSecond = 1000;
        });
        cli = new AdminCli(server);
        TestServer.Client alice = server.agent("alice");
        TestServer.Client chris = server.customer("Chris");
        chat = chris.open("my order is late");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
        alice.say(chat, "Hi Chris, let me check");
        alice.ok(new Command.Note(chat, "VIP customer", null));
        chris.say(chat, "it is order 42\nplaced Monday \u001b[31mred");
        alice.ok(new Command.Close(chat, "resolved", "Thanks for chatting, bye!", null));
        chris.ok(new Command.Rate(chat, 4, "quick and kind", null));
        TestServer.Client dana = server.customer("Dana");
        dana.open("a second question");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listFiltersAndJson() throws Exception {
        JsonNode all = JSON.readTree(cli.run("chats", "list", "--json").out());
        assertThat(all.path("chats")).hasSize(2);
        assertThat(all.path("more").asBoolean()).isFalse();

        JsonNode closed = JSON.readTree(cli.run("chats", "list", "--state", "closed", "--json").out()).path("chats");
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).path("chat").asText()).isEqualTo(chat);
        assertThat(closed.get(0).path("agent").asText()).isEqualTo("alice");
        assertThat(closed.get(0).path("rating").path("score").asInt()).isEqualTo(4);

        JsonNode open = JSON.readTree(cli.run("chats", "list", "--state", "open", "--json").out()).path("chats");
        assertThat(open).extracting(c -> c.path("customer").path("name").asText()).containsExactly("Dana");
        assertThat(JSON.readTree(cli.run("chats", "list", "--agent", "alice", "--json").out()).path("chats")).hasSize(2);
        assertThat(JSON.readTree(cli.run("chats", "list", "--agent", "bob", "--json").out()).path("chats")).isEmpty();
        assertThat(JSON.readTree(cli.run("chats", "list", "--since", "1h", "--json").out()).path("chats")).hasSize(2);
        assertThat(JSON.readTree(cli.run("chats", "list", "--since", "2999-01-01", "--json").out()).path("chats")).isEmpty();

        AdminCli.Result table = cli.run("chats", "list", "--limit", "1");
        assertThat(table.out()).startsWith("CHAT").contains("Dana").doesNotContain("more chats");
        assertThat(table.err()).contains("(more chats match");
        assertThat(cli.run("chats", "list", "--state", "lost").exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.run("chats", "list", "--since", "yesterday").exit()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void showPrintsAReadableNeutralisedTranscript() throws Exception {
        AdminCli.Result shown = cli.run("chats", "show", chat);
        assertThat(shown.exit()).as(shown.err()).isZero();
        String text = shown.out();
        assertThat(text).startsWith("Chat " + chat + " with Chris <chris@example.com>");
        assertThat(text).contains("page: /pricing", "] Chris: my order is late", "] — assigned to Alice",
                "] Alice: Hi Chris, let me check", "] Alice (internal note): VIP customer", "] — closed (resolved)",
                "] Alice: Thanks for chatting, bye!", "] — rated 4/5: quick and kind");
        assertThat(text).as("escape sequences are shown, not obeyed").contains("placed Monday ^[[31mred")
                .doesNotContain("\u001b");
        assertThat(text.indexOf("my order is late")).isLessThan(text.indexOf("Hi Chris"));

        JsonNode json = JSON.readTree(cli.run("chats", "show", chat, "--json").out());
        assertThat(json.path("chat").asText()).isEqualTo(chat);
        assertThat(json.path("events")).extracting(e -> e.path("text").asText(null)).contains("VIP customer",
                "it is order 42\nplaced Monday \u001b[31mred");

        AdminCli.Result missing = cli.run("chats", "show", "c999");
        assertThat(missing.exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("no chat 'c999'");
    }

    @Test
    void showPagesThroughLongHistories() throws Exception {
        TestServer.Client bob = server.agent("bob");
        TestServer.Client erin = server.customer("Erin");
        String busy = erin.open("start");
        bob.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(busy) && "active".equals(c.state()));
        for (int i = 1; i <= 230; i++) {
            bob.say(busy, "line " + i);
        }
        JsonNode events = JSON.readTree(cli.run("chats", "show", busy, "--json").out()).path("events");
        List<String> lines = events.findValuesAsText("text");
        assertThat(lines).startsWith("start", "line 1").endsWith("line 230").hasSize(231);
        long[] seqs = events.findValues("seq").stream().mapToLong(JsonNode::asLong).toArray();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void exportInEveryFormat() throws Exception {
        Path jsonl = dir.resolve("t.jsonl");
        AdminCli.Result r = cli.run("transcripts", "export", "--since", "1h", "--format", "jsonl", "-o", jsonl.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("exported 2 chats");
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("chat").path("chat").asText()).as("oldest first").isEqualTo(chat);
        assertThat(first.path("events").findValuesAsText("text")).contains("VIP customer", "Thanks for chatting, bye!");

        Path csvFile = dir.resolve("t.csv");
        assertThat(cli.run("transcripts", "export", "--since", "1h", "--format", "csv", "-o", csvFile.toString()).exit())
                .isZero();
        List<List<String>> records = Csv.parse(Files.readString(csvFile));
        assertThat(records.get(0)).containsExactly("chat", "customer", "at", "role", "name", "internal", "text");
        assertThat(records).as("a file keeps the text exactly").filteredOn(rec -> rec.get(0).equals(chat))
                .extracting(rec -> rec.get(4) + ":" + rec.get(5) + ":" + rec.get(6))
                .containsExactly("Chris:false:my order is late", "Alice:false:Hi Chris, let me check",
                "Alice:true:VIP customer", "Chris:false:it is order 42\nplaced Monday \u001b[31mred",
                "Alice:false:Thanks for chatting, bye!");
        AdminCli.Result csv = cli.run("transcripts", "export", "--since", "1h", "--format", "csv");
        assertThat(csv.out()).as("standard output reaches a terminal: neutralised").doesNotContain("\u001b")
                .contains("placed Monday ^[[31mred");

        AdminCli.Result nowhere = cli.run("transcripts", "export", "--since", "1h", "-o",
                dir.resolve("no-such-dir/t.jsonl").toString());
        assertThat(nowhere.exit()).isEqualTo(7);
        assertThat(nowhere.err()).contains("its directory does not exist");

        AdminCli.Result txt = cli.run("transcripts", "export", "--since", "1h", "--format", "txt");
        assertThat(txt.out()).contains("Chat " + chat + " with Chris", "Dana: a second question");

        AdminCli.Result later = cli.run("transcripts", "export", "--since", "2999-01-01", "--format", "jsonl");
        assertThat(later.exit()).isZero();
        assertThat(later.out()).isEmpty();
        assertThat(later.err()).contains("exported 0 chats");
        // Dana's chat alone: it opened after Chris's chat had closed and been rated (commits apart).
        String danaOpened = JSON.readTree(cli.run("chats", "list", "--state", "open", "--json").out())
                .path("chats").get(0).path("openedAt").asText();
        assertThat(cli.run("transcripts", "export", "--since", danaOpened, "--format", "jsonl").err())
                .contains("exported 1 chat\n");
        assertThat(cli.run("transcripts", "export", "--since", "1h", "--format", "pdf").exit()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("transcripts", "export").exit()).as("--since is required").isEqualTo(ExitCode.USAGE);
    }
}
