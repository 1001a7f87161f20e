package dev.switchboard.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void theCauseIsFoundUnderEveryFutureWrapper() {
        IllegalStateException root = new IllegalStateException("root");
        assertThat(Failures.cause(new CompletionException(new ExecutionException(root)))).isSameAs(root);
        assertThat(Failures.cause(root)).isSameAs(root);
    }

    @Test
    void aWrapperWithoutACauseIsItself() {
        CompletionException bare = new CompletionException("no cause", null);
        assertThat(Failures.cause(bare)).isSameAs(bare);
    }
}
