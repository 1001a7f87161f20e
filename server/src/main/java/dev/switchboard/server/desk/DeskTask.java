package dev.switchboard.server.desk;

import dev.switchboard.protocol.Command;
import dev.switchboard.server.store.AccountRow;
import java.util.concurrent.CompletableFuture;

/** What network threads hand the desk. The desk is the only thread that changes chat state. */
public sealed interface DeskTask {

    /** A command from an authenticated session. {@code passwordHash} is pre-computed off the desk where needed. */
    record Request(Peer peer, Object id, Command command, String passwordHash) implements DeskTask {
    }

    /** A customer's {@code hello}: a new customer, or a returning one with a {@code resume} token. */
    record AttachCustomer(Peer peer, Object id, Command.Hello hello) implements DeskTask {
    }

    /** A staff {@code hello} whose credentials were verified. */
    record AttachStaff(Peer peer, Object id, Command.Hello hello, AccountRow account) implements DeskTask {
    }

    /** The connection of an attached session closed. */
    record Detach(Peer peer) implements DeskTask {
    }

    /** An audit entry from outside the desk (a failed sign-in), written with the next batch. */
    record Audit(String actor, String action, String target, String detail, String ip) implements DeskTask {
    }

    /**
     * The first start's {@code admin}, its password hashed off the desk: created unless accounts exist by now.
     * {@code created} completes once it is committed (false: not needed), exceptionally if the commit failed.
     */
    record FirstAdmin(AccountRow account, CompletableFuture<Boolean> created) implements DeskTask {
    }

    /** Re-check timers now (tests with an injected clock use it after moving the clock). */
    record Tick() implements DeskTask {
    }
}
