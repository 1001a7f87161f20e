package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.RequestException;
import dev.switchboard.protocol.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Error accounting: every failure lands under exactly one code, wrappers are looked through. */
class ErrorTallyTest {

    @Test
    void countsByProtocolCodeThroughFutureWrappers() {
        ErrorTally t = new ErrorTally();
        t.record(new RequestException(ErrorCode.RATE_LIMITED, "slow down"));
        t.record(new CompletionException(new RequestException(ErrorCode.RATE_LIMITED, "slow down")));
        t.record(new ExecutionException(new RequestException(ErrorCode.FORBIDDEN, "no")));
        t.record(new CompletionException(new ExecutionException(new RequestException(ErrorCode.UNAVAILABLE, "gone"))));
        t.record(new TimeoutException());
        t.record(new IllegalStateException("bug"));
        t.record("disconnected");
        assertThat(t.snapshot()).containsExactly(Map.entry("client", 1L), Map.entry("disconnected", 1L),
                Map.entry("forbidden", 1L), Map.entry("rate_limited", 2L), Map.entry("timeout", 1L),
                Map.entry("unavailable", 1L));
        assertThat(t.total()).isEqualTo(7);
        assertThat(t.count("rate_limited")).isEqualTo(2);
        assertThat(t.count("not_found")).isZero();
    }

    @Test
    void aFailedFutureIsCountedOnceUnderItsCode() {
        ErrorTally t = new ErrorTally();
        CompletableFuture<Object> f = new CompletableFuture<>();
        f.whenComplete((v, e) -> t.record(e)).exceptionally(e -> null);
        f.completeExceptionally(new RequestException(ErrorCode.NOT_FOUND, "no such chat"));
        assertThat(t.snapshot()).containsExactly(Map.entry("not_found", 1L));
    }

    @Test
    void resetStartsTheMeasuredWindowAfresh() {
        ErrorTally t = new ErrorTally();
        t.record("internal");
        t.reset();
        assertThat(t.snapshot()).isEmpty();
        assertThat(t.total()).isZero();
    }

    @Test
    void concurrentRecordsAreAllCounted() throws InterruptedException {
        ErrorTally t = new ErrorTally();
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 10_000; k++) {
                    t.record(k % 2 == 0 ? "rate_limited" : "unavailable");
                }
            });
            threads[i].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(t.count("rate_limited")).isEqualTo(20_000);
        assertThat(t.count("unavailable")).isEqualTo(20_000);
    }
}
