package dev.switchboard.server.net.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void theVisitorIsTheRightmostHopThatIsNotATrustedProxy() {
        TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.1", "10.0.0.2", "[::1]"));
        assertThat(proxies.visitor("10.0.0.1", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(proxies.visitor("10.0.0.1", List.of("6.6.6.6, 203.0.113.7, 10.0.0.2"))).isEqualTo("203.0.113.7");
        assertThat(proxies.visitor("10.0.0.1", List.of("6.6.6.6", "203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(proxies.visitor("0:0:0:0:0:0:0:1", List.of("2001:DB8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(proxies.visitor("192.0.2.1", List.of("203.0.113.7"))).isNull();
        assertThat(proxies.visitor("10.0.0.1", List.of())).isNull();
        assertThat(proxies.visitor("10.0.0.1", List.of("unknown"))).isNull();
        assertThat(proxies.visitor("10.0.0.1", List.of("10.0.0.2"))).isNull();
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example.com")))
                .hasMessageContaining("--http-trusted-proxy takes IP addresses");
    }
}
