package dev.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code serve --http-trusted-proxy}: whose X-Forwarded-For is believed, and what then sees the visitor. */
class TrustedProxyTest {
    private static final String HELLO = "{\"type\":\"hello\",\"id\":1,\"role\":\"customer\",\"name\":\"Visitor\"}";

    @Test
    void aTrustedProxysForwardedAddressIsTheVisitorsForBans() {
        try (TestServer server = TestServer.start(b -> {
            b.httpPort = 0;
            b.httpTrustedProxies = List.of("127.0.0.1");
        })) {
            server.adminClient().ok(new Command.BanAdd("ip", "203.0.113.7", "spam", null));
            int http = server.server().httpPort();
            String self = "http://127.0.0.1:" + http;

            try (WsClient banned = WsClient.connect(http, self, Map.of("X-Forwarded-For", "203.0.113.7"))) {
                JsonNode refused = banned.send(HELLO).read();
                assertThat(refused.path("code").asText()).isEqualTo("banned");
            }
            // Whatever the visitor wrote to the left of the proxy's entry is not believed.
            try (WsClient spoofing = WsClient.connect(http, self, Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.7"))) {
                assertThat(spoofing.send(HELLO).read().path("code").asText()).isEqualTo("banned");
            }
            try (WsClient other = WsClient.connect(http, self, Map.of("X-Forwarded-For", "198.51.100.1"))) {
                assertThat(other.send(HELLO).read().path("type").asText()).isEqualTo("welcome");
            }
        }
    }

    @Test
    void anAbusiveCloseBansTheForwardedAddressNotTheProxys() {
        try (TestServer server = TestServer.start(b -> {
            b.httpPort = 0;
            b.httpTrustedProxies = List.of("127.0.0.1");
        })) {
            TestServer.Client alice = server.agent("alice");
            int http = server.server().httpPort();
            String self = "http://127.0.0.1:" + http;
            String chat;
            try (WsClient troll = WsClient.connect(http, self, Map.of("X-Forwarded-For", "203.0.113.7"))) {
                assertThat(troll.send(HELLO).read().path("type").asText()).isEqualTo("welcome");
                chat = troll.send("{\"type\":\"open\",\"id\":2,\"text\":\"you are all useless\"}").readUntil("ok")
                        .path("chat").asText();
                alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
                alice.ok(new Command.Close(chat, "abusive", null, null));
                JsonNode update;
                do {
                    update = troll.readUntil("chat");
                } while (!"closed".equals(update.path("state").asText()));
                assertThat(update.path("reason").asText()).isEqualTo("abusive");
            }

            try (WsClient sameAddress = WsClient.connect(http, self, Map.of("X-Forwarded-For", "203.0.113.7"))) {
                assertThat(sameAddress.send(HELLO).read().path("code").asText())
                        .as("a new visitor name from the troll's own address").isEqualTo("banned");
            }
            try (WsClient otherVisitor = WsClient.connect(http, self, Map.of("X-Forwarded-For", "198.51.100.1"))) {
                assertThat(otherVisitor.send(HELLO).read().path("type").asText())
                        .as("another visitor behind the same proxy").isEqualTo("welcome");
            }
        }
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        try (TestServer server = TestServer.start(b -> {
            b.httpPort = 0;
            b.httpTrustedProxies = List.of("127.0.0.9");
        })) {
            server.adminClient().ok(new Command.BanAdd("ip", "203.0.113.7", "spam", null));
            int http = server.server().httpPort();
            try (WsClient ws = WsClient.connect(http, "http://127.0.0.1:" + http,
                    Map.of("X-Forwarded-For", "203.0.113.7"))) {
                assertThat(ws.send(HELLO).read().path("type").asText()).isEqualTo("welcome");
            }
        }
    }

    @Test
    void aTrustedProxyCarriesMoreVisitorsThanOneAddressMayOpen() {
        try (TestServer server = TestServer.start(b -> {
            b.httpPort = 0;
            b.httpTrustedProxies = List.of("127.0.0.1");
            b.maxConnectionsPerIp = 2;
        })) {
            int http = server.server().httpPort();
            List<WsClient> visitors = new java.util.ArrayList<>();
            try {
                for (int i = 1; i <= 4; i++) {
                    WsClient ws = WsClient.connect(http, "http://127.0.0.1:" + http,
                            Map.of("X-Forwarded-For", "198.51.100." + i));
                    visitors.add(ws);
                    assertThat(ws.send(HELLO).read().path("type").asText()).isEqualTo("welcome");
                }
            } finally {
                visitors.forEach(WsClient::close);
            }
            // The TCP port has no proxy in front: its per-address limit still holds.
            try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
                assertThat(a.send(HELLO).read().path("type").asText()).isEqualTo("welcome");
                assertThat(b.send(HELLO).read().path("type").asText()).isEqualTo("welcome");
                try (RawClient c = new RawClient(server.port())) {
                    assertThat(c.read().path("code").asText()).isEqualTo("rate_limited");
                }
            }
        }
    }
}
