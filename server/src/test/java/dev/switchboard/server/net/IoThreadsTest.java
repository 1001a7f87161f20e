package dev.switchboard.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The server serves its connections on as many network threads as configured, whatever the machine. */
class IoThreadsTest {

    private static Set<String> networkThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("switchboard-io-")).collect(Collectors.toSet());
    }

    @Test
    void connectionsShareTheConfiguredNumberOfNetworkThreads() {
        Set<String> before = networkThreads();
        try (TestServer server = TestServer.start(b -> {
            b.ioThreads = 3;
            b.maxConnectionsPerIp = 10;
        })) {
            List<RawClient> clients = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                RawClient c = new RawClient(server.port());
                c.send("{\"type\":\"hello\",\"id\":1,\"role\":\"customer\"}");
                assertThat(c.read().path("type").asText()).isEqualTo("welcome");
                clients.add(c);
            }
            Set<String> started = networkThreads();
            started.removeAll(before);
            // Netty hands connections to its threads in turn: seven connections reach all three, and no fourth.
            assertThat(started).hasSize(3);
            clients.forEach(RawClient::close);
        }
    }

    @Test
    void theDefaultIsHalfTheCoresAndAtLeastOne() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(ServerConfig.defaultIoThreads()).isEqualTo(Math.max(1, cores / 2));
        assertThat(ServerConfig.defaults(java.nio.file.Path.of("data")).ioThreads())
                .isEqualTo(ServerConfig.defaultIoThreads());
    }
}
