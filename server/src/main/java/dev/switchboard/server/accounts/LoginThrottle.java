package dev.switchboard.server.accounts;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing (OWASP): per account, after 5 failures within 15 minutes each further attempt must
 * wait a delay that starts at 1 s and doubles up to 60 s; per address, 20 failures within 10 minutes block it
 * for 10 minutes. A success clears the account's record.
 */
public final class LoginThrottle {
    static final int ACCOUNT_FAILURES = 5;
    static final long ACCOUNT_WINDOW = 15 * 60_000L;
    static final long MAX_DELAY = 60_000L;
    static final int ADDRESS_FAILURES = 20;
    static final long ADDRESS_WINDOW = 10 * 60_000L;
    static final long ADDRESS_BLOCK = 10 * 60_000L;

    private final Clock clock;
    private final ConcurrentHashMap<String, Failures> byAccount = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Failures> byAddress = new ConcurrentHashMap<>();

    /** Recent failure times, and when the key may try again. */
    private static final class Failures {
        final Deque<Long> times = new ArrayDeque<>();
        long blockedUntil;
    }

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Throws {@code rate_limited} when this address or account must wait before trying again. */
    public void check(String user, String ip) {
        long now = clock.millis();
        refuseIfBlocked(ip == null ? null : byAddress.get(ip), now, "from your address");
        refuseIfBlocked(user == null ? null : byAccount.get(user), now, "for " + user);
    }

    public void failed(String user, String ip) {
        long now = clock.millis();
        if (ip != null) {
            record(byAddress.computeIfAbsent(ip, k -> new Failures()), now, ADDRESS_WINDOW, ADDRESS_FAILURES,
                    n -> ADDRESS_BLOCK);
        }
        if (user != null) {
            record(byAccount.computeIfAbsent(user, k -> new Failures()), now, ACCOUNT_WINDOW, ACCOUNT_FAILURES,
                    n -> Math.min(MAX_DELAY, 1000L << Math.min(16, n - ACCOUNT_FAILURES)));
        }
    }

    public void succeeded(String user) {
        byAccount.remove(user);
    }

    private static void record(Failures f, long now, long window, int threshold, java.util.function.IntToLongFunction delay) {
        synchronized (f) {
            while (!f.times.isEmpty() && f.times.peekFirst() <= now - window) {
                f.times.pollFirst();
            }
            f.times.addLast(now);
            if (f.times.size() >= threshold) {
                f.blockedUntil = now + delay.applyAsLong(f.times.size());
            }
        }
    }

    private static void refuseIfBlocked(Failures f, long now, String whose) {
        if (f == null) {
            return;
        }
        long until;
        synchronized (f) {
            until = f.blockedUntil;
        }
        if (now < until) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many failed sign-ins " + whose + "; try again in "
                    + Math.max(1, (until - now + 999) / 1000) + " s");
        }
    }
}
