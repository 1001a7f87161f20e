package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input over a raw socket gets the documented error, and the same connection keeps working. */
class BadInputTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.rateBurst = 1000);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawClient welcomedCustomer() {
        RawClient c = new RawClient(server.port());
        c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"name\":\"Mallory\"}");
        assertThat(c.read().path("type").asText()).isEqualTo("welcome");
        return c;
    }

    private static void assertStillUsable(RawClient c) {
        c.send("{\"type\":\"ping\",\"id\":\"after\"}");
        JsonNode pong = c.read();
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("re").asText()).isEqualTo("after");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid JSON      | {"type":"ping"                                   | bad_json     | false
            unknown type      | {"type":"teleport","id":9}                       | unknown_type | true
            missing field     | {"type":"say","id":9,"chat":"c1"}                | bad_frame    | true
            wrong type        | {"type":"say","id":9,"chat":"c1","text":true}    | bad_frame    | true
            duplicate key     | {"type":"ping","id":9,"id":10}                   | bad_json     | false
            trailing content  | {"type":"ping","id":9}x                          | bad_json     | false
            """)
    void badFramesAreAnsweredAndTheConnectionSurvives(String name, String line, String code, boolean echoesId) {
        try (RawClient c = welcomedCustomer()) {
            c.send(line);
            JsonNode err = c.read();
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("code").asText()).as(name).isEqualTo(code);
            assertThat(err.path("message").asText()).isNotBlank();
            assertThat(err.has("re")).isEqualTo(echoesId);
            assertStillUsable(c);
        }
    }

    @Test
    void overLongLineIsDiscardedToItsNewline() {
        try (RawClient c = welcomedCustomer()) {
            String huge = "{\"type\":\"say\",\"chat\":\"c1\",\"text\":\"" + "x".repeat(70_000) + "\"}";
            c.send(huge);
            JsonNode err = c.read();
            assertThat(err.path("code").asText()).isEqualTo("too_long");
            assertStillUsable(c);
        }
    }

    @Test
    void invalidUtf8IsBadJson() {
        try (RawClient c = welcomedCustomer()) {
            byte[] line = "{\"type\":\"ping\",\"id\":1,\"x\":\"\u00ff\u00fe\"}\n".getBytes(StandardCharsets.ISO_8859_1);
            c.sendBytes(line);
            assertThat(c.read().path("code").asText()).isEqualTo("bad_json");
            assertStillUsable(c);
        }
    }

    @Test
    void deepNestingIsRefusedCheaply() {
        try (RawClient c = welcomedCustomer()) {
            c.send("{\"type\":\"ping\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
            assertThat(c.read().path("code").asText()).isEqualTo("bad_json");
            assertStillUsable(c);
        }
    }

    @Test
    void crlfLinesAndBlankLinesAreAccepted() {
        try (RawClient c = new RawClient(server.port())) {
            c.sendBytes("\r\n{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(c.read().path("type").asText()).isEqualTo("welcome");
            assertStillUsable(c);
        }
    }

    @Test
    void malformedTypingIsNeverAnswered() {
        try (RawClient c = welcomedCustomer()) {
            c.send("{\"type\":\"typing\",\"chat\":\"c1\"}");
            c.send("{\"type\":\"typing\",\"chat\":\"c1\",\"on\":\"yes\"}");
            assertStillUsable(c);
        }
    }

    @Test
    void theOkForAWriteComesBeforeTheEventsItProduced() {
        try (RawClient c = welcomedCustomer()) {
            c.send("{\"type\":\"open\",\"id\":\"o\",\"text\":\"first things first\"}");
            JsonNode first = c.read();
            assertThat(first.path("type").asText()).isEqualTo("ok");
            assertThat(first.path("re").asText()).isEqualTo("o");
            assertThat(c.read().path("type").asText()).isEqualTo("chat");
            assertThat(c.read().path("type").asText()).isEqualTo("message");
        }
    }

    @Test
    void customersCannotMakeTheServerHashPasswords() {
        try (RawClient c = welcomedCustomer()) {
            c.send("{\"type\":\"account.password\",\"id\":5,\"user\":\"admin\",\"password\":\"x\"}");
            JsonNode err = c.read();
            assertThat(err.path("code").asText()).isEqualTo("forbidden");
            assertThat(err.path("re").asInt()).isEqualTo(5);
        }
    }

    @Test
    void serverFramesEscapeControlCharactersFromOtherPeople() {
        TestServer.Client alice = server.agent("escaper");
        try (RawClient c = welcomedCustomer()) {
            c.send("{\"type\":\"open\",\"id\":2,\"text\":\"evil \\u001b]0;pwned\\u0007 \\u202e end\"}");
            String line;
            do {
                line = c.readLine();
            } while (!line.contains("\"type\":\"message\""));
            assertThat(line).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
                    .contains("\\u001B]0;pwned\\u0007 \\u202E end");
        } finally {
            alice.close();
        }
    }
}
