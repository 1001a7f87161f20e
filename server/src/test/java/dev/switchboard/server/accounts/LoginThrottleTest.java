package dev.switchboard.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void anAccountWaitsAGrowingDelayAfterFiveFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0." + i);
        }
        assertThatCode(() -> throttle.check("alice", "10.0.0.9")).doesNotThrowAnyException();
        throttle.failed("alice", "10.0.0.5");
        assertThatThrownBy(() -> throttle.check("alice", "10.0.0.9")).hasMessageContaining("for alice; try again in 1 s");
        clock.advance(Duration.ofMillis(1001));
        throttle.check("alice", "10.0.0.9");
        throttle.failed("alice", "10.0.0.9");
        assertThatThrownBy(() -> throttle.check("alice", null)).hasMessageContaining("try again in 2 s");
        for (int i = 0; i < 10; i++) {
            throttle.failed("alice", null);
        }
        assertThatThrownBy(() -> throttle.check("alice", null)).hasMessageContaining("try again in 60 s");
        assertThatCode(() -> throttle.check("bob", null)).as("other accounts unaffected").doesNotThrowAnyException();
        throttle.succeeded("alice");
        assertThatCode(() -> throttle.check("alice", null)).doesNotThrowAnyException();
    }

    @Test
    void anAddressIsBlockedForTenMinutesAfterTwentyFailures() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "10.9.9.9");
        }
        assertThatThrownBy(() -> throttle.check("fresh", "10.9.9.9"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("from your address; try again in 600 s");
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThatCode(() -> throttle.check("fresh", "10.9.9.9")).doesNotThrowAnyException();
    }

    @Test
    void overTheWireAThrottledAccountIsAnsweredRateLimited() {
        try (TestServer server = TestServer.start(b -> b.maxFailedHellos = 100)) {
            server.ensureAccount("alice", "agent", null);
            try (RawClient c = new RawClient(server.port())) {
                String code = null;
                for (int i = 1; i <= 6; i++) {
                    c.send("{\"type\":\"hello\",\"id\":" + i + ",\"role\":\"agent\",\"user\":\"alice\",\"password\":\"guess" + i + "\"}");
                    JsonNode reply = c.read();
                    code = reply.path("code").asText();
                }
                assertThat(code).isEqualTo("rate_limited");
            }
        }
    }
}
