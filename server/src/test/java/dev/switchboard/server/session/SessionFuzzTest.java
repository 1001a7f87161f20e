package dev.switchboard.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;

/**
 * Hostile bytes against the session state machine of a real server: whatever a connection sends, every line
 * the server answers is one JSON object with a {@code type}, within the max line and free of raw control
 * characters, and the server keeps serving others. {@code JAZZER_FUZZ=1 mvn test -pl server
 * -Dtest=SessionFuzzTest} fuzzes for real; `mvn test` replays the corpus.
 */
class SessionFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    private static synchronized TestServer server() {
        if (server == null) {
            server = TestServer.start(b -> {
                b.helloTimeout = java.time.Duration.ofSeconds(2);
                b.rateBurst = 1000;
            });
        }
        return server;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @FuzzTest(maxDuration = "120s")
    void anyBytesGetWellFormedAnswers(byte[] input) throws IOException {
        int port = server().port();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(300);
            s.getOutputStream().write(input);
            s.getOutputStream().write('\n');
            s.getOutputStream().flush();
            s.shutdownOutput();
            byte[] all;
            try {
                all = s.getInputStream().readAllBytes();
            } catch (java.net.SocketTimeoutException e) {
                all = new byte[0];
            }
            String text = new String(all, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                assertThat(line.length()).isLessThanOrEqualTo(65_536);
                assertThat(line.chars().noneMatch(c -> c < 0x20)).as("raw control character in %s", line).isTrue();
                JsonNode frame = JSON.readTree(line);
                assertThat(frame.path("type").isTextual()).as(line).isTrue();
            }
        } catch (java.net.SocketException closedEarly) {
            // The server may close a connection that misbehaves; that is allowed.
        }
        try (RawClient probe = new RawClient(port)) {
            probe.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}");
            assertThat(probe.read().path("type").asText()).isEqualTo("welcome");
        }
    }
}
