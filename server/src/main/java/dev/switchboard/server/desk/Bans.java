package dev.switchboard.server.desk;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.store.Store;
import java.sql.SQLException;
import java.util.Optional;

/** Checks a customer or an address against the bans in force. */
final class Bans {
    private Bans() {
    }

    /** Throws {@code banned} (with the expiry) when a ban in force matches the customer id or the IP. */
    static void check(Store store, long now, Long customerId, String ip) throws SQLException {
        Optional<Long> until = store.queryWriter(c -> Store.one(c,
                "SELECT until_at FROM bans WHERE ((kind = 'customer' AND value = ?) OR (kind = 'ip' AND value = ?))"
                        + " AND (until_at IS NULL OR until_at > ?) ORDER BY until_at IS NULL DESC, until_at DESC",
                rs -> {
                    Long at = Store.nullableLong(rs, "until_at");
                    return at == null ? Long.MAX_VALUE : at;
                }, customerId == null ? null : String.valueOf(customerId), ip, now));
        if (until.isPresent()) {
            throw new ProtocolException(ErrorCode.BANNED, until.get() == Long.MAX_VALUE ? "you are banned from this chat service"
                    : "you are banned from this chat service until " + Times.format(until.get()));
        }
    }
}
