package dev.switchboard.server.accounts;

import java.util.Locale;

/** What a connected party is. Staff kinds come from the account; customers need no account. */
public enum Kind {
    CUSTOMER, AGENT, BOT, SUPERVISOR, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean isStaff() {
        return this != CUSTOMER;
    }

    /** Supervisors and admins read every chat and may transfer or close any of them. */
    public boolean oversees() {
        return this == SUPERVISOR || this == ADMIN;
    }

    public boolean isAdmin() {
        return this == ADMIN;
    }
}
