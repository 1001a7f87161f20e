package dev.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.server.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A protocol client pointed at the widget's HTTP port by mistake is told so, not shown a JSON parser's error. */
class WrongPortTest {

    @Test
    void aClientAtTheHttpPortIsToldItIsNotTheProtocolPort() {
        try (TestServer server = TestServer.start(b -> b.httpPort = 0)) {
            int http = server.server().httpPort();
            SwitchboardClient client = SwitchboardClient.builder("127.0.0.1", http,
                    Command.Hello.customer("Chris", null, null)).reconnect(false).build();
            try {
                assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                        .hasMessageContaining("127.0.0.1:" + http + " does not speak the Switchboard protocol")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("JsonParseException"));
            } finally {
                client.close();
            }
        }
    }
}
