package dev.switchboard.server.net.web;

import dev.switchboard.server.net.ClientAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reverse proxies ({@code serve --http-trusted-proxy}) whose {@code X-Forwarded-For} is believed. The
 * visitor is the rightmost address in the header that is not itself a trusted proxy (what nginx's
 * {@code real_ip_recursive on} does); anything a visitor wrote further left is ignored, since they could have
 * written anything there. From any other peer the header is ignored altogether.
 */
final class TrustedProxies {
    private final Set<String> proxies = new LinkedHashSet<>();

    TrustedProxies(List<String> addresses) {
        for (String a : addresses) {
            String canonical = ClientAddress.canonical(a);
            if (canonical == null) {
                throw new IllegalArgumentException("--http-trusted-proxy takes IP addresses, not '" + a + "'");
            }
            proxies.add(canonical);
        }
    }

    boolean trusts(String peer) {
        return peer != null && proxies.contains(peer);
    }

    /**
     * The visitor's address according to a trusted {@code peer}'s {@code X-Forwarded-For} values, or null when the
     * peer is not trusted, there is no header, or its entry is not an IP address (then the peer's own counts).
     */
    String visitor(String peer, List<String> forwardedFor) {
        if (!trusts(peer) || forwardedFor.isEmpty()) {
            return null;
        }
        List<String> hops = new ArrayList<>();
        for (String value : forwardedFor) {
            for (String hop : value.split(",")) {
                hops.add(hop.strip());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = ClientAddress.canonical(hops.get(i));
            if (hop == null) {
                return null;
            }
            if (!proxies.contains(hop)) {
                return hop;
            }
        }
        return null;
    }
}
