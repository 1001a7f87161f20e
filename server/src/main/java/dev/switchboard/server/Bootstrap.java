package dev.switchboard.server;

import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.store.Store;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * First start: with no accounts at all, create {@code admin} so that someone can sign in and create the rest. On
 * a store that does not exist yet the password is hashed while the store is created and migrated: 600,000
 * PBKDF2 rounds take about as long as that, and both stand between a first start and accepting connections.
 */
final class Bootstrap {
    private final Passwords passwords;
    private final String secret;
    private final boolean generated;
    private final CompletableFuture<String> hash;

    private Bootstrap(Passwords passwords, String password, boolean freshStore) {
        this.passwords = passwords;
        this.generated = password == null || password.isEmpty();
        this.secret = generated ? Passwords.randomSecret() : password;
        this.hash = freshStore ? CompletableFuture.supplyAsync(() -> passwords.hash(secret),
                task -> new Thread(task, "switchboard-first-admin").start()) : null;
    }

    /** Call before opening the store; {@code freshStore}: the store is about to be created. */
    static Bootstrap prepare(Passwords passwords, String password, boolean freshStore) {
        return new Bootstrap(passwords, password, freshStore);
    }

    void ensureAdmin(Store store, Clock clock, PrintStream console) {
        try {
            boolean empty = store.read(c -> Store.one(c, "SELECT COUNT(*) AS n FROM accounts", rs -> rs.getLong("n"))
                    .orElse(0L) == 0);
            if (!empty) {
                return;
            }
            String hashed = hash != null ? hash.get() : passwords.hash(secret);
            store.update("INSERT INTO accounts (username, display_name, kind, password_hash, cap, team, disabled,"
                    + " created_at) VALUES (?,?,?,?,?,?,?,?)", "admin", "Administrator", "admin",
                    hashed, null, null, false, clock.millis());
            store.commit();
            if (generated) {
                console.println("Created the first account 'admin' with password: " + secret);
                console.println("(shown once; set SWITCHBOARD_ADMIN_PASSWORD to choose it instead)");
            } else {
                console.println("Created the first account 'admin' with the password from SWITCHBOARD_ADMIN_PASSWORD");
            }
        } catch (SQLException | ExecutionException e) {
            throw new IllegalStateException("cannot create the first admin account: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the first admin account", e);
        }
    }
}
