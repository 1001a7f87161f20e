package dev.switchboard.server;

import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.store.Store;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;

/** First start: with no accounts at all, create {@code admin} so that someone can sign in and create the rest. */
final class Bootstrap {
    private Bootstrap() {
    }

    static void ensureAdmin(Store store, Passwords passwords, String password, Clock clock, PrintStream console) {
        try {
            boolean empty = store.read(c -> Store.one(c, "SELECT COUNT(*) AS n FROM accounts", rs -> rs.getLong("n"))
                    .orElse(0L) == 0);
            if (!empty) {
                return;
            }
            boolean generated = password == null || password.isEmpty();
            String secret = generated ? Passwords.randomSecret() : password;
            store.update("INSERT INTO accounts (username, display_name, kind, password_hash, cap, team, disabled,"
                    + " created_at) VALUES (?,?,?,?,?,?,?,?)", "admin", "Administrator", "admin",
                    passwords.hash(secret), null, null, false, clock.millis());
            store.commit();
            if (generated) {
                console.println("Created the first account 'admin' with password: " + secret);
                console.println("(shown once; set SWITCHBOARD_ADMIN_PASSWORD to choose it instead)");
            } else {
                console.println("Created the first account 'admin' with the password from SWITCHBOARD_ADMIN_PASSWORD");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the first admin account: " + e.getMessage(), e);
        }
    }
}
