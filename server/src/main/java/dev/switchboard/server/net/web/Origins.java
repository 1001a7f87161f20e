package dev.switchboard.server.net.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which pages may open the WebSocket. Browsers always send {@code Origin} on a WebSocket handshake; a page of
 * another site is refused unless its origin is listed ({@code --http-origin}, {@code *} for any). A page this
 * server served itself is same-origin: its origin's host and port equal the request's {@code Host} (the scheme is
 * not compared, so the check still holds behind a TLS-terminating proxy that keeps {@code Host}). A request
 * without {@code Origin} comes from a program, not from a browser page, and is allowed: it could send any
 * {@code Origin} it liked.
 */
final class Origins {
    private final boolean any;
    private final Set<String> allowed;

    Origins(List<String> list) {
        this.any = list.contains("*");
        this.allowed = list.stream().map(Origins::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /** Returns null when allowed, otherwise why not. */
    String refusal(String origin, String host) {
        if (origin == null || any) {
            return null;
        }
        String o = normalise(origin);
        if (allowed.contains(o)) {
            return null;
        }
        String authority = authority(o);
        if (authority != null && host != null && authority.equals(stripDefaultPort(host.toLowerCase(Locale.ROOT)))) {
            return null;
        }
        return "pages from " + origin + " may not connect here (allow them with --http-origin)";
    }

    static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        while (o.endsWith("/")) {
            o = o.substring(0, o.length() - 1);
        }
        return o;
    }

    private static String authority(String origin) {
        try {
            URI u = new URI(origin);
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                return null;
            }
            return stripDefaultPort(u.getRawAuthority());
        } catch (Exception e) {
            return null;
        }
    }

    private static String stripDefaultPort(String authority) {
        if (authority.endsWith(":80")) {
            return authority.substring(0, authority.length() - 3);
        }
        if (authority.endsWith(":443")) {
            return authority.substring(0, authority.length() - 4);
        }
        return authority;
    }
}
