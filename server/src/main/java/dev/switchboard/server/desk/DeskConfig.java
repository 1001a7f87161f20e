package dev.switchboard.server.desk;

import java.time.Duration;

/**
 * Routing and capacity settings of the desk (defaults from shared/LIMITS.md, documented in protocol/README.md).
 *
 * @param defaultCap        active chats per agent unless the account sets its own
 * @param grace             how long a dropped agent keeps their chats
 * @param maxOpenPerCustomer open chats per customer token
 * @param maxOpenPerIp      open chats per IP address
 * @param snapshotLimit     chats and queue entries listed in a snapshot (totals are always given)
 * @param batchLimit        commands per group commit
 */
public record DeskConfig(int defaultCap, Duration grace, int maxOpenPerCustomer, int maxOpenPerIp, int snapshotLimit,
                         int batchLimit) {

    public static DeskConfig defaults() {
        return new DeskConfig(3, Duration.ofSeconds(60), 3, 10, 200, 256);
    }

    public DeskConfig withDefaultCap(int cap) {
        return new DeskConfig(cap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit);
    }

    public DeskConfig withGrace(Duration g) {
        return new DeskConfig(defaultCap, g, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit);
    }

    public DeskConfig withOpenLimits(int perCustomer, int perIp) {
        return new DeskConfig(defaultCap, grace, perCustomer, perIp, snapshotLimit, batchLimit);
    }
}
