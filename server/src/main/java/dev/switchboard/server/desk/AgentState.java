package dev.switchboard.server.desk;

import dev.switchboard.server.accounts.Kind;
import dev.switchboard.server.store.AccountRow;
import java.util.LinkedHashSet;
import java.util.Set;

/** A staff account with its presence and load. Mutated only on the desk thread. */
final class AgentState {
    AccountRow account;
    final Set<Peer> sessions = new LinkedHashSet<>();
    final Set<String> chats = new LinkedHashSet<>();
    boolean available;
    /** Set at the first login since the server started; later logins keep the chosen status. */
    boolean everOnline;
    /** When the last session dropped; routing skips the agent until one returns. Null while connected. */
    Long droppedAt;
    /** For routing ties: the agent idle longest (earliest last assignment) goes first. */
    long lastAssignedAt;
    /** Chats taken from this agent in a row because the customer got no answer; any reply resets it. */
    int unansweredInARow;

    AgentState(AccountRow account) {
        this.account = account;
    }

    String user() {
        return account.username();
    }

    Kind kind() {
        return Kind.of(account.kind());
    }

    int cap(int defaultCap) {
        return account.cap() != null ? account.cap() : defaultCap;
    }

    boolean online() {
        return !sessions.isEmpty();
    }

    /** Online or within the grace period after a drop. */
    boolean present() {
        return online() || droppedAt != null;
    }

    String team() {
        return account.team();
    }

    /** Routing may offer new chats to this agent (capacity aside). */
    boolean takesNewChats() {
        return available && online() && !account.disabled();
    }
}
