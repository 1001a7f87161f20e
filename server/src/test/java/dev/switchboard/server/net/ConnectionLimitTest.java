package dev.switchboard.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Per-address limits, tested with 127.0.0.2, .3 and .4 standing in for separate hosts. */
class ConnectionLimitTest {

    private static JsonNode hello(RawClient c) {
        c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}");
        return c.read();
    }

    @Test
    void oneAddressGetsAtMostItsShareOfConnectionsAndOthersAreUnaffected() {
        try (TestServer server = TestServer.start(b -> {
            b.maxConnectionsPerIp = 3;
            b.connectBurst = 100;
        })) {
            List<RawClient> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawClient c = new RawClient(server.port(), "127.0.0.2");
                assertThat(hello(c).path("type").asText()).isEqualTo("welcome");
                open.add(c);
            }
            try (RawClient fourth = new RawClient(server.port(), "127.0.0.2")) {
                JsonNode refused = fourth.read();
                assertThat(refused.path("code").asText()).isEqualTo("rate_limited");
                assertThat(refused.path("message").asText()).contains("too many connections");
                assertThat(fourth.closedByServer()).isTrue();
            }
            try (RawClient other = new RawClient(server.port(), "127.0.0.3")) {
                assertThat(hello(other).path("type").asText()).isEqualTo("welcome");
            }
            open.remove(0).close();
            Awaitility.await().untilAsserted(() -> {
                try (RawClient again = new RawClient(server.port(), "127.0.0.2")) {
                    assertThat(hello(again).path("type").asText()).isEqualTo("welcome");
                }
            });
            open.forEach(RawClient::close);
        }
    }

    @Test
    void newConnectionsFromOneAddressAreRateLimited() {
        try (TestServer server = TestServer.start(b -> {
            b.connectBurst = 2;
            b.connectsPerSecond = 0.001;
        })) {
            for (int i = 0; i < 2; i++) {
                try (RawClient c = new RawClient(server.port(), "127.0.0.4")) {
                    assertThat(hello(c).path("type").asText()).isEqualTo("welcome");
                }
            }
            try (RawClient third = new RawClient(server.port(), "127.0.0.4")) {
                assertThat(third.read().path("message").asText()).contains("connecting too often");
            }
        }
    }
}
