package dev.switchboard.ssh;

import dev.switchboard.tui.console.Console;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs the turns of every SSH console on one small shared pool (sized by cores), so a console holds a thread only
 * while a turn runs: when keys arrive, when a network event is posted, when its window changes, and when its
 * next timer is due (the one-second wait-timer tick, frame pacing, a lone Escape's Alt window). An idle console
 * is one scheduled timer, not a thread. Turns never block (input is buffered, output is async), and the turns of
 * one console never overlap: each console is a small state machine that is queued at most once.
 */
final class ConsoleScheduler implements AutoCloseable {
    private final ScheduledThreadPoolExecutor pool;

    ConsoleScheduler(int threads) {
        AtomicInteger n = new AtomicInteger();
        pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "ssh-consoles-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Each turn replaces its console's timer: drop cancelled ones at once rather than when they fall due.
        pool.setRemoveOnCancelPolicy(true);
    }

    static int defaultThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Starts turning {@code console}; {@code ended} runs once, on the pool, when the console has quit (with null)
     * or a turn failed (with the failure).
     */
    Driven drive(Console console, Consumer<Throwable> ended) {
        Driven d = new Driven(console, ended);
        console.onWakeup(d::wake);
        d.wake();
        return d;
    }

    /** Runs {@code task} on the pool (for work that must not run on a network thread), or here once it is closed. */
    void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException closing) {
            task.run();
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One console's turns: queued at most once, re-queued when woken while a turn runs. */
    final class Driven {
        private static final int IDLE = 0;
        private static final int QUEUED = 1;
        private static final int TURNING = 2;
        private static final int TURNING_AND_WOKEN = 3;
        private static final int DONE = 4;

        private final Console console;
        private final Consumer<Throwable> ended;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        /** Touched only by turns; published to the next turn through {@link #state}. */
        private ScheduledFuture<?> timer;

        private Driven(Console console, Consumer<Throwable> ended) {
            this.console = console;
            this.ended = ended;
        }

        /** Asks for a turn soon; safe from any thread, cheap when one is already due. */
        void wake() {
            while (true) {
                int s = state.get();
                if (s == IDLE && state.compareAndSet(IDLE, QUEUED)) {
                    submit();
                    return;
                }
                if (s == TURNING && state.compareAndSet(TURNING, TURNING_AND_WOKEN)) {
                    return;
                }
                if (s == QUEUED || s == TURNING_AND_WOKEN || s == DONE) {
                    return;
                }
            }
        }

        private void submit() {
            try {
                pool.execute(this::turn);
            } catch (RejectedExecutionException e) {
                state.set(DONE); // the front door is closing
            }
        }

        private void turn() {
            state.set(TURNING);
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            long wait;
            try {
                wait = console.turn();
            } catch (RuntimeException e) {
                finish(e);
                return;
            }
            if (wait < 0) {
                finish(null);
                return;
            }
            try {
                timer = pool.schedule(this::wake, wait, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                state.set(DONE);
                return;
            }
            if (!state.compareAndSet(TURNING, IDLE)) {
                state.set(QUEUED); // woken during the turn: something arrived after it looked
                submit();
            }
        }

        private void finish(Throwable failure) {
            state.set(DONE);
            ended.accept(failure);
        }
    }
}
