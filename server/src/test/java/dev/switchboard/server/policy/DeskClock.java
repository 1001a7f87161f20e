package dev.switchboard.server.policy;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Moves a test server's injected clock and lets the desk act on it, without anyone waiting for real time. */
final class DeskClock {
    private final TestServer server;
    private final MutableClock clock;

    DeskClock(TestServer server, MutableClock clock) {
        this.server = server;
        this.clock = clock;
    }

    /**
     * Advances the clock, wakes the desk, and makes two desk round trips on each given connection: the second is
     * answered in a batch after the one that ran the timers, so everything those timers sent to that
     * connection has arrived (what lets tests also assert that nothing was sent).
     */
    void advance(Duration d, TestServer.Client... settle) {
        clock.advance(d);
        server.server().desk().tick();
        for (TestServer.Client c : settle) {
            settle(c);
        }
    }

    static void settle(TestServer.Client c) {
        for (int i = 0; i < 2; i++) {
            try {
                // A command the desk answers for everyone (customers are refused it, which is still a round trip).
                c.client().request(new Command.Agents()).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException refused) {
                // the customer's round trip
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Predicate<ServerFrame.Message> automaticIn(String chat) {
        return m -> m.chat().equals(chat) && m.isAutomatic();
    }

    static ServerFrame.Chat awaitState(TestServer.Client who, String chat, String state) {
        return who.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && state.equals(c.state()));
    }
}
