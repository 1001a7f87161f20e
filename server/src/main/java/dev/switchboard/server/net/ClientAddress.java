package dev.switchboard.server.net;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The address a connection is from, for per-address limits, bans, the login throttle and the audit log: the peer
 * of the socket, unless a trusted reverse proxy forwarded the visitor's address (the website listener sets
 * {@link #FORWARDED} then).
 */
public final class ClientAddress {
    public static final AttributeKey<String> FORWARDED = AttributeKey.valueOf("switchboard.forwardedFor");

    private ClientAddress() {
    }

    public static String of(Channel channel) {
        String forwarded = channel.attr(FORWARDED).get();
        if (forwarded != null) {
            return forwarded;
        }
        return channel.remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : null;
    }

    /**
     * True for a loopback address (127.0.0.0/8, ::1): a local tool's or an untrusted local proxy's, never a
     * visitor's own, so banning it would shut out every customer who comes through it.
     */
    public static boolean isLoopback(String ip) {
        InetAddress address = ip == null ? null : parse(ip);
        return address != null && address.isLoopbackAddress();
    }

    /** An IP literal in the JDK's canonical form (as a socket's peer is written), or null when it is not one. */
    public static String canonical(String literal) {
        String s = literal.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        InetAddress address = parse(s);
        return address == null ? null : address.getHostAddress();
    }

    /** An IP literal as an address, without a name lookup; null when it is not one. */
    private static InetAddress parse(String literal) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
