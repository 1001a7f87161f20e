package dev.switchboard.server;

import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.desk.DeskTask;
import dev.switchboard.server.store.AccountRow;
import dev.switchboard.server.store.Store;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: with no accounts at all, create {@code admin} so that someone can sign in and create the rest.
 * Its password is hashed once the server listens, on a thread of its own, and the account is created through
 * the desk like any other; sign-ins wait for it ({@link #done()}). Hashed during start-up instead, the 600,000
 * PBKDF2 rounds competed with it for the CPU and delayed accepting connections by about 0.3 s.
 */
final class Bootstrap {
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final boolean needed;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private Bootstrap(boolean needed) {
        this.needed = needed;
        if (!needed) {
            done.complete(null);
        }
    }

    /** Whether {@code store} has no accounts yet. */
    static Bootstrap check(Store store) {
        try {
            return new Bootstrap(store.read(c -> Store.one(c, "SELECT COUNT(*) AS n FROM accounts",
                    rs -> rs.getLong("n")).orElse(0L) == 0));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the accounts: " + e.getMessage(), e);
        }
    }

    /** Completes when the first admin exists (at once when accounts existed), exceptionally if creating it failed. */
    CompletableFuture<Void> done() {
        return done;
    }

    /**
     * When needed, hashes {@code password} (a generated one when empty) and has {@code desk} create {@code admin};
     * tells the person at {@code console} the password it chose.
     */
    void createAdmin(Desk desk, Passwords passwords, String password, Clock clock, PrintStream console) {
        if (!needed) {
            return;
        }
        boolean generated = password == null || password.isEmpty();
        String secret = generated ? Passwords.randomSecret() : password;
        CompletableFuture<Boolean> created = new CompletableFuture<>();
        created.whenComplete((made, failure) -> {
            if (failure != null) {
                log.error("cannot create the first admin account; restart to try again", failure);
                done.completeExceptionally(failure);
                return;
            }
            if (made && generated) {
                console.println("Created the first account 'admin' with password: " + secret);
                console.println("(shown once; set SWITCHBOARD_ADMIN_PASSWORD to choose it instead)");
            } else if (made) {
                console.println("Created the first account 'admin' with the password from SWITCHBOARD_ADMIN_PASSWORD");
            }
            done.complete(null);
        });
        Thread hashing = new Thread(() -> {
            try {
                AccountRow admin = new AccountRow("admin", "Administrator", "admin", passwords.hash(secret), null, null,
                        false, clock.millis());
                desk.submit(new DeskTask.FirstAdmin(admin, created));
            } catch (RuntimeException e) {
                created.completeExceptionally(e);
            }
        }, "switchboard-first-admin");
        hashing.setDaemon(true);
        hashing.start();
    }
}
