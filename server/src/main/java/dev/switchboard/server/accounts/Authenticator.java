package dev.switchboard.server.accounts;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.server.store.AccountRow;
import dev.switchboard.server.store.Store;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Checks staff credentials and hashes new passwords on a small bounded pool (a hash costs ~0.1 s by design;
 * it must never run on an event loop or the desk). A full pool answers {@code unavailable}.
 */
public final class Authenticator implements AutoCloseable {
    private static final String GENERIC = "wrong user name or password";
    private final Store store;
    private final Passwords passwords;
    private final ThreadPoolExecutor pool;
    /** Verified against for unknown users; made on first use, on the pool, so that startup does not pay for it. */
    private volatile String dummyHash;
    private final LoginThrottle throttle;
    private final FailureLog failures;
    /** Completes once the first start's admin account exists (at once on a store that had accounts). */
    private final CompletableFuture<?> firstAdmin;

    /** Where failed sign-ins are recorded (the audit log). */
    @FunctionalInterface
    public interface FailureLog {
        void failed(String user, String ip, String why);
    }

    public Authenticator(Store store, Passwords passwords, LoginThrottle throttle, FailureLog failures,
                         CompletableFuture<?> firstAdmin) {
        this.store = store;
        this.firstAdmin = firstAdmin;
        this.passwords = passwords;
        this.throttle = throttle;
        this.failures = failures;
        this.pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "switchboard-auth");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Completes with the account, or exceptionally with a {@link ProtocolException}: {@code auth_failed}, or
     * {@code rate_limited} while the account or the address {@code ip} is throttled after failures.
     */
    public CompletableFuture<AccountRow> verify(Command.Hello hello, String ip) {
        if (!firstAdmin.isDone() || firstAdmin.isCompletedExceptionally()) {
            // A first start is still creating its admin: sign-ins wait for it rather than fail.
            return firstAdmin.handle((created, failure) -> failure).thenCompose(failure -> failure == null
                    ? verify(hello, ip)
                    : CompletableFuture.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                            "the first admin account could not be created; see the server's log")));
        }
        try {
            refuseIfThrottled(hello.user(), ip);
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submit(() -> {
            try {
                AccountRow account = check(hello);
                throttle.succeeded(hello.user());
                return account;
            } catch (ProtocolException e) {
                if (e.code() == ErrorCode.AUTH_FAILED) {
                    signInFailed(hello.user(), ip, e.getMessage());
                }
                throw e;
            }
        });
    }

    /**
     * Throws {@code rate_limited}, audited, while the account or the address is throttled: {@link #verify} asks
     * first, and so do sign-ins checked elsewhere (an SSH public key).
     */
    public void refuseIfThrottled(String user, String ip) {
        try {
            throttle.check(user, ip);
        } catch (ProtocolException e) {
            failures.failed(user, ip, e.getMessage());
            throw e;
        }
    }

    /** A failed sign-in (a wrong password, or a refused key checked elsewhere): counts towards the throttle, audited. */
    public void signInFailed(String user, String ip, String why) {
        throttle.failed(user, ip);
        failures.failed(user, ip, why);
    }

    /** A sign-in checked elsewhere succeeded: clears the account's failures, as a right password does. */
    public void signInSucceeded(String user) {
        throttle.succeeded(user);
    }

    public CompletableFuture<String> hash(String password) {
        return submit(() -> passwords.hash(password));
    }

    private AccountRow check(Command.Hello hello) throws Exception {
        Optional<AccountRow> found = store.read(c -> Store.one(c, "SELECT * FROM accounts WHERE username = ?",
                Store.ACCOUNT, hello.user()));
        if (hello.token() != null) {
            String user = store.read(c -> Store.one(c, "SELECT username FROM tokens WHERE token_hash = ? AND revoked_at IS NULL",
                    rs -> rs.getString("username"), Passwords.tokenHash(hello.token()))).orElse(null);
            if (found.isEmpty() || !found.get().username().equals(user)) {
                throw new ProtocolException(ErrorCode.AUTH_FAILED, "wrong user name or token");
            }
        } else {
            // Hash even for unknown users, so that timing does not reveal which names exist.
            boolean ok = Passwords.verify(hello.password(), found.map(AccountRow::passwordHash).orElseGet(this::dummyHash));
            if (found.isEmpty() || found.get().passwordHash() == null || !ok) {
                throw new ProtocolException(ErrorCode.AUTH_FAILED, GENERIC);
            }
            if ("bot".equals(found.get().kind())) {
                throw new ProtocolException(ErrorCode.AUTH_FAILED, "bots sign in with a token");
            }
        }
        if (found.get().disabled()) {
            throw new ProtocolException(ErrorCode.AUTH_FAILED, "this account is disabled");
        }
        return found.get();
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = passwords.hash(Passwords.randomSecret());
            dummyHash = h;
        }
        return h;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    private <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (ProtocolException e) {
                    f.completeExceptionally(e);
                } catch (Exception e) {
                    f.completeExceptionally(new ProtocolException(ErrorCode.UNAVAILABLE, "cannot check credentials now; try again"));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new ProtocolException(ErrorCode.UNAVAILABLE, "too many sign-ins at once; try again shortly"));
        }
        return f;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
