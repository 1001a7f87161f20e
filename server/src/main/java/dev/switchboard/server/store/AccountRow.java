package dev.switchboard.server.store;

/** A staff account as stored. {@code cap} null means the server default. */
public record AccountRow(String username, String displayName, String kind, String passwordHash, Integer cap,
                         String team, boolean disabled, long createdAt) {

    public AccountRow withPasswordHash(String hash) {
        return new AccountRow(username, displayName, kind, hash, cap, team, disabled, createdAt);
    }
}
