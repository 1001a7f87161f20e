package dev.switchboard.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong in a future, without the wrappers futures put around it. */
public final class Failures {
    private Failures() {
    }

    /** {@code t} unwrapped from any {@link CompletionException} or {@link ExecutionException} around it. */
    public static Throwable cause(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
