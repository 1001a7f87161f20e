package dev.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The protocol over WebSocket ({@code serve --http-port}) against a real server with a real WebSocket client:
 * hostile input gets the same answers as on the TCP port (asked side by side), staff are refused unless allowed,
 * foreign pages are refused, and the widget's files are served.
 */
class WebSocketTransportTest {
    private static final String HELLO = "{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"name\":\"Mallory\"}";
    private static TestServer server;
    private static int http;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> {
            b.rateBurst = 1000;
            b.httpPort = 0;
            b.httpOrigins = List.of("https://shop.example.com");
        });
        http = server.server().httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String self() {
        return "http://127.0.0.1:" + http;
    }

    private static WsClient welcomedWs() {
        WsClient c = WsClient.connect(http, self());
        c.send(HELLO);
        assertThat(c.read().path("type").asText()).isEqualTo("welcome");
        return c;
    }

    private static RawClient welcomedTcp() {
        RawClient c = new RawClient(server.port());
        c.send(HELLO);
        assertThat(c.read().path("type").asText()).isEqualTo("welcome");
        return c;
    }

    private static void assertStillUsable(WsClient c) {
        c.send("{\"type\":\"ping\",\"id\":\"after\"}");
        JsonNode pong = c.read();
        assertThat(pong.path("type").asText()).isEqualTo("pong");
        assertThat(pong.path("re").asText()).isEqualTo("after");
    }

    /** What matters of an error for "the same answer": type, code, re, and the message. */
    private static String answer(JsonNode n) {
        return n.path("type").asText() + "|" + n.path("code").asText() + "|" + n.path("re") + "|" + n.path("message").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid JSON      | {"type":"ping"                                   | bad_json
            unknown type      | {"type":"teleport","id":9}                       | unknown_type
            missing field     | {"type":"say","id":9,"chat":"c1"}                | bad_frame
            wrong type        | {"type":"say","id":9,"chat":"c1","text":true}    | bad_frame
            duplicate key     | {"type":"ping","id":9,"id":10}                   | bad_json
            trailing content  | {"type":"ping","id":9}x                          | bad_json
            not an object     | [1]                                              | bad_frame
            """)
    void badFramesGetTheSameAnswerAsOnTcp(String name, String line, String code) {
        try (WsClient ws = welcomedWs(); RawClient tcp = welcomedTcp()) {
            ws.send(line);
            tcp.send(line);
            JsonNode viaWs = ws.read();
            assertThat(viaWs.path("code").asText()).as(name).isEqualTo(code);
            assertThat(answer(viaWs)).as(name).isEqualTo(answer(tcp.read()));
            assertStillUsable(ws);
        }
    }

    @Test
    void fragmentsOfAMessageThatNeverEndsDoNotCountAsActivity() {
        java.util.concurrent.ScheduledExecutorService trickle = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (TestServer quick = TestServer.start(b -> {
            b.httpPort = 0;
            b.idleTimeout = java.time.Duration.ofMillis(400);
        }); WsClient ws = WsClient.connect(quick.server().httpPort(), "http://127.0.0.1:" + quick.server().httpPort())) {
            ws.send(HELLO);
            assertThat(ws.read().path("type").asText()).isEqualTo("welcome");
            // A fragment every 100 ms, never the last one: four times within each idle period, yet no message.
            trickle.scheduleAtFixedRate(() -> ws.sendPartial(" "), 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            JsonNode err = ws.read();
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("message").asText()).contains("no frame for");
            assertThat(ws.closedByServer()).isTrue();
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void twoFramesInOneMessageAreNotTwoFrames() {
        try (WsClient ws = welcomedWs()) {
            ws.send("{\"type\":\"ping\",\"id\":1}\n{\"type\":\"ping\",\"id\":2}");
            assertThat(ws.read().path("code").asText()).isEqualTo("bad_json");
            assertStillUsable(ws);
        }
    }

    @Test
    void oversizedMessageIsTooLongLikeAnOverlongLine() {
        String huge = "{\"type\":\"say\",\"chat\":\"c1\",\"text\":\"" + "x".repeat(70_000) + "\"}";
        try (WsClient ws = welcomedWs(); RawClient tcp = welcomedTcp()) {
            ws.send(huge);
            tcp.send(huge);
            JsonNode viaWs = ws.read();
            assertThat(viaWs.path("code").asText()).isEqualTo("too_long");
            assertThat(viaWs.has("re")).isFalse();
            assertThat(answer(viaWs)).isEqualTo(answer(tcp.read()));
            assertStillUsable(ws);
            // The same in fragments: discarded to the last one, then usable.
            ws.sendFragments(huge.substring(0, 40_000), huge.substring(40_000));
            assertThat(ws.read().path("code").asText()).isEqualTo("too_long");
            assertStillUsable(ws);
            // A message of exactly the limit is served (JSON with padding whitespace).
            String ping = "{\"type\":\"ping\",\"id\":\"max\"}";
            ws.send(ping + " ".repeat(65_536 - ping.length()));
            assertThat(ws.read().path("re").asText()).isEqualTo("max");
        }
    }

    @Test
    void fragmentedMessageIsOneFrame() {
        try (WsClient ws = welcomedWs()) {
            ws.sendFragments("{\"type\":\"pi", "ng\",\"id\"", ":\"frag\"}");
            assertThat(ws.read().path("re").asText()).isEqualTo("frag");
        }
    }

    @Test
    void singleFrameBeyondTheFrameCapGetsAFinalTooLongThenTheCloseHandshake() {
        try (RawWs ws = new RawWs(http, self())) {
            ws.text(HELLO.getBytes(StandardCharsets.UTF_8));
            assertThat(ws.read().text()).contains("\"welcome\"");
            // The header announces 2 MiB: refused before it is buffered.
            ws.frame(1, "{\"type\":".getBytes(StandardCharsets.UTF_8), 2L << 20);
            RawWs.Frame last = ws.read();
            assertThat(last.opcode()).isEqualTo(1);
            assertThat(last.text()).contains("\"code\":\"too_long\"").doesNotEndWith("\n");
            RawWs.Frame close = ws.read();
            assertThat(close.opcode()).isEqualTo(8);
            assertThat(ws.read()).isNull();
        }
    }

    @Test
    void invalidUtf8InATextMessageIsBadJsonAsOnTcp() {
        byte[] bad = "{\"type\":\"ping\",\"id\":1,\"x\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1);
        try (RawWs ws = new RawWs(http, self()); RawClient tcp = welcomedTcp()) {
            ws.text(HELLO.getBytes(StandardCharsets.UTF_8));
            assertThat(ws.read().text()).contains("\"welcome\"");
            ws.text(bad);
            byte[] line = java.util.Arrays.copyOf(bad, bad.length + 1);
            line[bad.length] = '\n';
            tcp.sendBytes(line);
            JsonNode viaTcp = tcp.read();
            assertThat(viaTcp.path("code").asText()).isEqualTo("bad_json");
            assertThat(ws.read().text()).isEqualTo(viaTcp.toString());
            ws.text("{\"type\":\"ping\",\"id\":2}".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.read().text()).isEqualTo("{\"type\":\"pong\",\"re\":2}");
        }
    }

    @Test
    void binaryMessageIsAClearErrorAndTheConnectionSurvives() {
        try (WsClient ws = welcomedWs()) {
            ws.sendBinary("{\"type\":\"ping\",\"id\":1}".getBytes(StandardCharsets.UTF_8));
            JsonNode err = ws.read();
            assertThat(err.path("type").asText()).isEqualTo("error");
            assertThat(err.path("code").asText()).isEqualTo("bad_frame");
            assertThat(err.path("message").asText()).contains("binary").contains("text message");
            assertStillUsable(ws);
        }
    }

    @Test
    void framesBeforeHelloAreAnsweredAsOnTcpAndTheFifthCloses() {
        try (WsClient ws = WsClient.connect(http, self()); RawClient tcp = new RawClient(server.port())) {
            List<String> viaWs = new ArrayList<>();
            List<String> viaTcp = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                String line = "{\"type\":\"ping\",\"id\":" + i + "}";
                ws.send(line);
                tcp.send(line);
                viaWs.add(answer(ws.read()));
                viaTcp.add(answer(tcp.read()));
            }
            assertThat(viaWs.get(0)).startsWith("error|auth_required|1|");
            assertThat(viaWs).isEqualTo(viaTcp);
            assertThat(ws.closedByServer()).isTrue();
            assertThat(ws.closeCode.join()).isEqualTo(1000);
        }
    }

    @Test
    void binaryBeforeHelloCountsLikeAnyFrame() {
        try (WsClient ws = WsClient.connect(http, self())) {
            ws.sendBinary(new byte[] {1, 2, 3});
            assertThat(ws.read().path("code").asText()).isEqualTo("bad_frame");
            ws.send(HELLO);
            assertThat(ws.read().path("type").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void foreignOriginIsRefusedListedAndOwnOriginsAreServed() throws Exception {
        assertThatThrownBy(() -> new RawWs(http, "https://evil.example.net"))
                .hasMessageContaining("HTTP/1.1 403 Forbidden");
        assertThatThrownBy(() -> WsClient.connect(http, "https://evil.example.net")).hasMessageContaining("handshake");
        assertThatThrownBy(() -> WsClient.connect(http, "http://127.0.0.1:1")).hasMessageContaining("handshake");
        assertThatThrownBy(() -> WsClient.connect(http, "null")).hasMessageContaining("handshake");
        try (WsClient listed = WsClient.connect(http, "https://shop.example.com")) {
            listed.send(HELLO);
            assertThat(listed.read().path("type").asText()).isEqualTo("welcome");
        }
        try (WsClient own = WsClient.connect(http, self())) {
            own.send(HELLO);
            assertThat(own.read().path("type").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void staffAreRefusedByDefault() {
        server.ensureAccount("wsalice", "agent", null);
        try (WsClient ws = WsClient.connect(http, self())) {
            String hello = "{\"type\":\"hello\",\"id\":1,\"role\":\"agent\",\"user\":\"wsalice\",\"password\":\""
                    + TestServer.PASSWORD + "\"}";
            for (int i = 0; i < 2; i++) {
                JsonNode err = ws.send(hello).read();
                assertThat(err.path("code").asText()).isEqualTo("forbidden");
                assertThat(err.path("re").asInt()).isEqualTo(1);
            }
            // The third attempt is final, as with three failed staff hellos on TCP.
            assertThat(ws.send(hello).read().path("message").asText()).contains("closing");
            assertThat(ws.closedByServer()).isTrue();
        }
        // A customer may still sign in on the same server.
        welcomedWs().close();
    }

    @Test
    void staffMaySignInWhenConfigured() {
        try (TestServer s = TestServer.start(b -> {
            b.httpPort = 0;
            b.httpStaff = true;
        })) {
            s.ensureAccount("wsbob", "agent", null);
            try (WsClient ws = WsClient.connect(s.server().httpPort(), null)) {
                ws.send("{\"type\":\"hello\",\"id\":1,\"role\":\"agent\",\"user\":\"wsbob\",\"password\":\""
                        + TestServer.PASSWORD + "\"}");
                assertThat(ws.read().path("type").asText()).isEqualTo("welcome");
                assertThat(ws.readUntil("snapshot").path("type").asText()).isEqualTo("snapshot");
            }
        }
    }

    @Test
    void customerOverWebSocketChatsWithAnAgentOverTcpAndResumes() {
        TestServer.Client alice = server.agent("wsagent");
        try (WsClient ws = WsClient.connect(http, self())) {
            ws.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"name\":\"Wendy\","
                    + "\"context\":{\"page\":\"https://shop.example.com/pricing?q=vps\",\"query\":\"vps\"}}");
            String welcomeText = ws.readText();
            assertThat(welcomeText).doesNotEndWith("\n");
            JsonNode welcome = ws.read(welcomeText);
            String token = welcome.path("token").asText();
            ws.send("{\"type\":\"open\",\"id\":2,\"text\":\"Hello over WebSocket\",\"cid\":\"o1\"}");
            String chat = ws.readUntil("ok").path("chat").asText();
            ServerFrame.Chat seen = alice.recorder().await(ServerFrame.Chat.class,
                    c -> c.chat().equals(chat) && "active".equals(c.state()));
            assertThat(seen.customer().context()).containsEntry("query", "vps");
            alice.say(chat, "Hi Wendy");
            JsonNode reply = ws.readUntil("message");
            while (!"Hi Wendy".equals(reply.path("text").asText())) {
                reply = ws.readUntil("message");
            }
            long seq = reply.path("seq").asLong();
            ws.close();
            alice.say(chat, "Still there?");
            try (WsClient again = WsClient.connect(http, self())) {
                again.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"resume\":\"" + token + "\",\"after\":" + seq + "}");
                assertThat(again.read().path("type").asText()).isEqualTo("welcome");
                JsonNode missed = again.readUntil("message");
                assertThat(missed.path("text").asText()).isEqualTo("Still there?");
                assertThat(again.readUntil("resumed").path("replayed").asInt()).isGreaterThanOrEqualTo(1);
            }
        } finally {
            alice.close();
        }
    }

    @Test
    void servesTheWidgetAndTheSamplePage() throws Exception {
        HttpClient h = HttpClient.newHttpClient();
        HttpResponse<String> js = h.send(HttpRequest.newBuilder(URI.create(self() + "/widget.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(js.body()).contains("SwitchboardWidget").doesNotContain("innerHTML");
        assertThat(js.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(17 * 1024);
        for (String page : List.of("/", "/demo.html")) {
            HttpResponse<String> demo = h.send(HttpRequest.newBuilder(URI.create(self() + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(demo.statusCode()).isEqualTo(200);
            assertThat(demo.body()).contains("<script src=\"/widget.js\"");
        }
        String etag = js.headers().firstValue("etag").orElseThrow();
        assertThat(h.send(HttpRequest.newBuilder(URI.create(self() + "/widget.js")).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(304);

        // Browsers ask for gzip: the same bytes, compressed, under their own entity tag.
        HttpResponse<byte[]> packed = h.send(HttpRequest.newBuilder(URI.create(self() + "/widget.js"))
                .header("Accept-Encoding", "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(packed.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(packed.headers().firstValue("vary")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        assertThat(packed.body().length).isLessThan(8 * 1024);
        try (var unzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(packed.body()))) {
            assertThat(new String(unzip.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(js.body());
        }
        String packedTag = packed.headers().firstValue("etag").orElseThrow();
        assertThat(packedTag).isNotEqualTo(etag);
        assertThat(h.send(HttpRequest.newBuilder(URI.create(self() + "/widget.js")).header("Accept-Encoding", "gzip")
                .header("If-None-Match", packedTag).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(304);
        assertThat(h.send(HttpRequest.newBuilder(URI.create(self() + "/secret")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(h.send(HttpRequest.newBuilder(URI.create(self() + "/ws")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void webListenerIsOffUnlessAPortIsGiven() {
        try (TestServer s = TestServer.start()) {
            assertThat(s.server().httpPort()).isEqualTo(-1);
        }
    }
}
