package dev.switchboard.tui.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One turn at a time, as a shared scheduler drives the console: what a turn does and when it asks to run next. */
class ConsoleTurnTest {

    @Test
    void anIdleConsoleAsksToBeWokenForTheNextSecondTick() throws Exception {
        try (Headless h = new Headless(100, 30).signIn("alice", "agent")) {
            h.clock.advance(Duration.ofMillis(300));
            long wait = h.console.turn();
            assertThat(wait).as("the wait timers tick on the second").isEqualTo(700);
        }
    }

    @Test
    void postingWakesTheDriverAndTheNextTurnAppliesIt() throws Exception {
        try (Headless h = new Headless(100, 30).signIn("alice", "agent")) {
            AtomicInteger wakeups = new AtomicInteger();
            h.console.onWakeup(wakeups::incrementAndGet);
            AtomicInteger applied = new AtomicInteger();
            h.console.post(applied::incrementAndGet);
            assertThat(wakeups).hasValue(1);
            assertThat(applied).as("nothing runs outside a turn").hasValue(0);
            h.console.turn();
            assertThat(applied).hasValue(1);
        }
    }

    @Test
    void aLoneEscapeAsksForATurnWhenItsAltWindowCloses() throws Exception {
        try (Headless h = new Headless(100, 30).signIn("alice", "agent")) {
            h.terminal.addInput(new KeyStroke(KeyType.Escape));
            long wait = h.console.turn();
            assertThat(wait).isBetween(1L, 51L);
        }
    }

    @Test
    void endOfInputEndsTheConsole() throws Exception {
        try (Headless h = new Headless(100, 30).signIn("alice", "agent")) {
            h.terminal.addInput(new KeyStroke(KeyType.EOF));
            assertThat(h.console.turn()).isEqualTo(-1);
            assertThat(h.console.isRunning()).isFalse();
            assertThat(h.console.turn()).as("a console that has quit stays quit").isEqualTo(-1);
        }
    }
}
