package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.cli.common.Csv;
import dev.switchboard.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin canned …}: add, list, edit, rm, and import/export as JSON and CSV, with bad files refused whole. */
class CannedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    private AdminCli cli;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = TestServer.start();
        cli = new AdminCli(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void addListEditRemove() throws Exception {
        AdminCli.Result added = cli.run("canned", "add", "greeting", "Hi {name|there}, how can I help?");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).matches("added canned text \\S+ 'greeting'\\n");
        assertThat(added.err()).as("every placeholder is one a chat fills").isEmpty();

        AdminCli.Result typo = cli.run("canned", "add", "where", "Hi {nmae}, you are in {location|your town}");
        assertThat(typo.exit()).as("stored as written").isZero();
        assertThat(typo.err()).contains("'where' has placeholders no chat fills: {nmae} (they reach");
        assertThat(cli.run("canned", "rm", "where").exit()).isZero();

        AdminCli.Result duplicate = cli.run("canned", "add", "greeting", "Hello again");
        assertThat(duplicate.exit()).isEqualTo(ExitCode.CONFLICT);
        assertThat(duplicate.err()).contains("the shortcut 'greeting' exists already");

        AdminCli.Result badShortcut = cli.run("canned", "add", "two words", "text");
        assertThat(badShortcut.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badShortcut.err()).contains("shortcut");

        assertThat(cli.run("canned", "edit", "greeting", "--text", "Hello {name|there}!").exit()).isZero();
        JsonNode list = JSON.readTree(cli.run("canned", "list", "--json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("text").asText()).isEqualTo("Hello {name|there}!");

        assertThat(cli.run("canned", "edit", list.get(0).path("id").asText(), "--shortcut", "hello").exit()).isZero();
        assertThat(cli.run("canned", "list").out()).contains("hello", "(shared)", "Hello {name|there}!");

        AdminCli.Result missing = cli.run("canned", "rm", "greeting");
        assertThat(missing.exit()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("no canned text 'greeting'");
        assertThat(cli.run("canned", "rm", "hello").exit()).isZero();
        assertThat(JSON.readTree(cli.run("canned", "list", "--json").out())).isEmpty();
    }

    @Test
    void personalCannedTexts() throws Exception {
        cli.runWithInput("pw\n", "agents", "add", "alice", "--kind", "agent", "--password-stdin");
        assertThat(cli.run("canned", "add", "sig", "— Alice", "--owner", "alice").exit()).isZero();
        assertThat(cli.run("canned", "add", "sig", "— The team").exit()).as("shared and personal may share a shortcut").isZero();
        assertThat(cli.run("canned", "add", "x", "text", "--owner", "nobody").exit()).isEqualTo(ExitCode.NOT_FOUND);
        AdminCli.Result asAlice = cli.env("SWITCHBOARD_PASSWORD", "pw").run("canned", "list", "--json", "--user", "alice");
        JsonNode seen = JSON.readTree(asAlice.out());
        assertThat(seen).extracting(n -> n.path("text").asText()).containsExactlyInAnyOrder("— Alice", "— The team");
    }

    @Test
    void importJsonExportCsvAndBack() throws Exception {
        Path file = dir.resolve("canned.json");
        Files.writeString(file, """
                [
                  {"shortcut": "greeting", "text": "Hi {name|there}! How can I help?"},
                  {"shortcut": "hold-on", "text": "One moment, please, while I check that for you."},
                  {"shortcut": "parting", "text": "Thanks for chatting, \\"bye\\"!\\nHave a good day."}
                ]
                """);
        AdminCli.Result imported = cli.run("canned", "import", file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported 3 canned texts: 3 added");

        AdminCli.Result csv = cli.run("canned", "export", "--format", "csv");
        List<List<String>> records = Csv.parse(csv.out());
        assertThat(records.get(0)).containsExactly("shortcut", "text", "owner");
        assertThat(records.subList(1, records.size())).extracting(r -> r.get(0))
                .containsExactly("greeting", "hold-on", "parting");
        assertThat(records.get(3).get(1)).isEqualTo("Thanks for chatting, \"bye\"!\nHave a good day.");

        // The CSV export imports into a fresh server unchanged.
        Path exported = dir.resolve("canned.csv");
        Files.writeString(exported, csv.out());
        try (TestServer other = TestServer.start()) {
            AdminCli otherCli = new AdminCli(other);
            assertThat(otherCli.run("canned", "import", exported.toString()).exit()).isZero();
            assertThat(otherCli.run("canned", "export").out()).isEqualTo(cli.run("canned", "export").out());
        }

        AdminCli.Result again = cli.run("canned", "import", file.toString());
        assertThat(again.exit()).isEqualTo(ExitCode.CONFLICT);
        assertThat(again.err()).contains("greeting, hold-on, parting", "nothing imported", "--update");

        Files.writeString(file, "[{\"shortcut\": \"greeting\", \"text\": \"Hello!\"}, {\"shortcut\": \"new\", \"text\": \"New\"}]");
        AdminCli.Result updated = cli.run("canned", "import", file.toString(), "--update");
        assertThat(updated.out()).contains("2 canned texts: 1 added, 1 updated");
        Path json = dir.resolve("out.json");
        assertThat(cli.run("canned", "export", "-o", json.toString()).exit()).isZero();
        assertThat(JSON.readTree(json.toFile())).extracting(n -> n.path("shortcut").asText() + "=" + n.path("text").asText())
                .contains("greeting=Hello!", "new=New");
    }

    @Test
    void badImportFilesAreRefusedWholeWithTheReason() throws Exception {
        assertBad("broken.json", "[{\"shortcut\": \"a\", \"text\": \"A\"},", "not valid JSON");
        assertBad("object.json", "{\"shortcut\": \"a\"}", "expected a JSON array");
        assertBad("notext.json", "[{\"shortcut\": \"a\", \"text\": \"A\"}, {\"shortcut\": \"b\"}]", "entry 2");
        assertBad("space.json", "[{\"shortcut\": \"a b\", \"text\": \"A\"}]", "entry 1 (a b)");
        assertBad("twice.json", "[{\"shortcut\": \"a\", \"text\": \"A\"}, {\"shortcut\": \"a\", \"text\": \"B\"}]",
                "appears twice");
        assertBad("noheader.csv", "a,A\n", "header");
        assertBad("quote.csv", "shortcut,text\na,\"never closed\n", "line 2");
        assertBad("fields.csv", "shortcut,text\na,b,c,d\n", "record 1");
        assertBad("canned.txt", "whatever", "--format json|csv");
        Path missing = dir.resolve("missing.json");
        AdminCli.Result result = cli.run("canned", "import", missing.toString());
        assertThat(result.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(result.err()).contains("no such file");
        assertThat(JSON.readTree(cli.run("canned", "list", "--json").out())).as("nothing was imported").isEmpty();
    }

    @Test
    void importFromStandardInput() {
        AdminCli.Result r = cli.runWithInput("shortcut,text\r\ngreeting,\"Hi, there\"\r\n", "canned", "import", "-",
                "--format", "csv");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cli.run("canned", "list").out()).contains("Hi, there");
    }

    private void assertBad(String name, String content, String reason) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        AdminCli.Result result = cli.run("canned", "import", file.toString());
        assertThat(result.exit()).as(name).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(result.err()).as(name).startsWith("admin canned import: ").contains(reason);
    }
}
