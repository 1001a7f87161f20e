package dev.switchboard.ssh;

import java.util.concurrent.CompletableFuture;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * Password logins answered later, through MINA's asynchronous authentication, instead of on the I/O thread that
 * read the request. A check is a deliberately slow PBKDF2 queued behind others on the server's two
 * authentication threads: waiting for it on MINA's few I/O threads would freeze every SSH console sharing them
 * while a burst of password guesses is checked.
 */
final class AsyncPasswordAuthenticator implements PasswordAuthenticator {

    /** Completes with whether {@code user} may sign in with {@code password}; never exceptionally. */
    @FunctionalInterface
    interface Check {
        CompletableFuture<Boolean> check(String user, String password, ServerSession session);
    }

    private final Check check;

    AsyncPasswordAuthenticator(Check check) {
        this.check = check;
    }

    @Override
    public boolean authenticate(String user, String password, ServerSession session) {
        CompletableFuture<Boolean> answer = check.check(user, password, session);
        if (answer.isDone()) {
            return answer.join();
        }
        AsyncAuthException pending = new AsyncAuthException();
        answer.thenAccept(pending::setAuthed);
        throw pending;
    }
}
