package dev.switchboard.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client (java.net.http) that sends text or binary messages and reads text messages as frames. */
final class WsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLOSED = "\u0000closed";
    private volatile WebSocket ws;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    private WsClient() {
    }

    static WsClient connect(int httpPort, String origin) {
        return connect(httpPort, origin, java.util.Map.of());
    }

    /** With extra request headers (what a reverse proxy adds, say). */
    static WsClient connect(int httpPort, String origin, java.util.Map<String, String> headers) {
        WsClient client = new WsClient();
        Listener listener = new Listener(client);
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            b.header("Origin", origin);
        }
        headers.forEach(b::header);
        try {
            WebSocket ws = b.buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), listener).get(10, TimeUnit.SECONDS);
            client.ws = ws;
            return client;
        } catch (Exception e) {
            throw new IllegalStateException("handshake failed: " + e.getCause(), e);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final WsClient client;
        private final StringBuilder partial = new StringBuilder();

        Listener(WsClient client) {
            this.client = client;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            client.ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                client.messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.closeCode.complete(statusCode);
            client.messages.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            client.closeCode.complete(-1);
            client.messages.add(CLOSED);
        }
    }

    WsClient send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    WsClient sendFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            ws.sendText(parts[i], i == parts.length - 1).join();
        }
        return this;
    }

    /** One fragment of a text message that is never finished; quietly nothing once the connection is gone. */
    void sendPartial(String text) {
        try {
            ws.sendText(text, false).join();
        } catch (RuntimeException closed) {
            // the server closed the connection
        }
    }

    WsClient sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next text message as it arrived, or null once the server closed. */
    String readText() {
        try {
            String m = messages.poll(10, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message from the server within 10 s");
            }
            return m == CLOSED ? null : m;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode read() {
        return read(readText());
    }

    JsonNode read(String m) {
        if (m == null) {
            throw new AssertionError("connection closed");
        }
        try {
            return JSON.readTree(m);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + m);
        }
    }

    JsonNode readUntil(String type) {
        while (true) {
            JsonNode n = read();
            if (type.equals(n.path("type").asText())) {
                return n;
            }
        }
    }

    /** True when the server closed the connection (reads what is left first). */
    boolean closedByServer() {
        while (readText() != null) {
            // drain
        }
        return true;
    }

    @Override
    public void close() {
        ws.abort();
    }
}
