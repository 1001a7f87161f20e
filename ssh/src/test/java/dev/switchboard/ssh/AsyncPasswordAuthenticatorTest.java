package dev.switchboard.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsyncPasswordAuthenticatorTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aCheckStillRunningIsAnsweredLaterNotWaitedFor(boolean verdict) {
        CompletableFuture<Boolean> check = new CompletableFuture<>();
        AsyncPasswordAuthenticator authenticator = new AsyncPasswordAuthenticator((user, password, session) -> check);

        AsyncAuthException pending = catchThrowableOfType(
                () -> authenticator.authenticate("alice", "secret", null), AsyncAuthException.class);
        AtomicReference<Boolean> answer = new AtomicReference<>();
        pending.addListener(answer::set);
        assertThat(answer.get()).as("no answer while the check runs").isNull();

        check.complete(verdict);
        assertThat(answer.get()).isEqualTo(verdict);
    }

    @Test
    void aCheckAlreadyDecidedIsAnsweredAtOnce() {
        assertThat(new AsyncPasswordAuthenticator((u, p, s) -> CompletableFuture.completedFuture(false))
                .authenticate("Not A Name", "x", null)).isFalse();
        assertThat(new AsyncPasswordAuthenticator((u, p, s) -> CompletableFuture.completedFuture(true))
                .authenticate("alice", "x", null)).isTrue();
    }
}
