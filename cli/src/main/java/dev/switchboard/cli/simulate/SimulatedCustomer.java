package dev.switchboard.cli.simulate;

import dev.switchboard.client.ClientListener;
import dev.switchboard.client.Failures;
import dev.switchboard.client.RequestException;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.TerminalText;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One simulated customer: opens a chat with its question, waits (and gives up when kept waiting longer than
 * its patience), answers the agent with its script's replies after reading and typing for a while, thanks
 * them, and rates the chat when the agent closes it. Everything it does runs on the simulation's one thread,
 * so it needs no locks; client events are handed over to that thread.
 */
final class SimulatedCustomer implements ClientListener {

    /** How the visit ended, for the summary. */
    enum Outcome {
        REFUSED, ABANDONED, CLOSED_BY_AGENT, LEFT, CUT_OFF
    }

    private final ArrivalPlan.Arrival arrival;
    private final Simulation sim;
    private final ScheduledExecutorService thread;
    private final Random random;
    private SwitchboardClient client;
    private String chat;
    private long openedAtMillis;
    private String agentName;
    private int repliesSent;
    private boolean thanked;
    private boolean composing;
    private ScheduledFuture<?> patienceTimer;
    private Outcome outcome;
    private Integer rating;
    private final CompletableFuture<Outcome> finished = new CompletableFuture<>();

    SimulatedCustomer(ArrivalPlan.Arrival arrival, Simulation sim) {
        this.arrival = arrival;
        this.sim = sim;
        this.thread = sim.thread();
        this.random = new Random(arrival.seed());
    }

    CompletableFuture<Outcome> finished() {
        return finished;
    }

    Integer rating() {
        return rating;
    }

    boolean answered() {
        return agentName != null;
    }

    void start() {
        ScriptBook.Script s = arrival.script();
        Command.Hello hello = Command.Hello.customer(arrival.name(), null,
                Map.of("page", s.page(), "location", arrival.location(), "query", s.query()));
        SwitchboardClient.Builder b = SwitchboardClient.builder(sim.server().host(), sim.server().port(), hello).tls(sim.tls())
                .listener(this).reconnect(true);
        String local = sim.localAddressFor(arrival.number());
        if (local != null) {
            b.localAddress(local);
        }
        client = b.build();
        client.connect().thenCompose(w -> client.request(new Command.Open(s.opening(), null, cid())))
                .whenCompleteAsync((ok, failure) -> {
                    if (failure != null) {
                        log("could not open a chat: " + reason(failure));
                        end(Outcome.REFUSED);
                        return;
                    }
                    chat = ok.text("chat");
                    openedAtMillis = sim.elapsedMillis();
                    log("arrives (" + s.lang() + ", " + arrival.location() + "): " + s.opening());
                    armPatience();
                }, thread);
    }

    /** The simulation is over: leave politely if still there. */
    void stop() {
        if (outcome == null) {
            if (chat != null) {
                closeChat("time is up", Outcome.CUT_OFF);
            } else {
                end(Outcome.CUT_OFF);
            }
        }
    }

    // ---- events, handed to the simulation thread ----------------------------------------------

    @Override
    public void onFrame(ServerFrame frame) {
        thread.execute(() -> handle(frame));
    }

    private void handle(ServerFrame frame) {
        if (outcome != null) {
            return;
        }
        if (frame instanceof ServerFrame.Message m && !"customer".equals(m.from().role()) && !m.internalNote()) {
            onAgentMessage(m);
        } else if (frame instanceof ServerFrame.Chat c && "closed".equals(c.state()) && c.chat().equals(chat)) {
            onClosedByAgent();
        }
    }

    private void onAgentMessage(ServerFrame.Message m) {
        cancelPatience();
        if (agentName == null) {
            agentName = TerminalText.line(m.from().name());
            log("answered by " + agentName + " after " + seconds(sim.elapsedMillis() - openedAtMillis));
        }
        if (composing || thanked) {
            if (thanked) {
                armPatience();
            }
            return;
        }
        composing = true;
        // Read the answer, then type: the agent sees "typing" for the second part.
        long read = sim.paced(1_500 + random.nextInt(4_000));
        long type = sim.paced(1_500 + random.nextInt(5_000));
        thread.schedule(() -> {
            if (outcome == null) {
                client.send(new Command.Typing(chat, true));
            }
        }, read, TimeUnit.MILLISECONDS);
        thread.schedule(this::sayNext, read + type, TimeUnit.MILLISECONDS);
    }

    private void sayNext() {
        composing = false;
        if (outcome != null) {
            return;
        }
        ScriptBook.Script s = arrival.script();
        String text;
        if (repliesSent < s.replies().size()) {
            text = s.replies().get(repliesSent++);
        } else {
            text = s.thanks();
            thanked = true;
        }
        client.send(new Command.Typing(chat, false));
        client.request(new Command.Say(chat, text, cid()));
        armPatience();
    }

    private void onClosedByAgent() {
        cancelPatience();
        // Decided now: the rating below changes the chat again, and that event must not count as a second close.
        outcome = Outcome.CLOSED_BY_AGENT;
        if (agentName != null && random.nextInt(10) < 8) {
            int score = 5 - (random.nextInt(10) < 3 ? 1 : 0) - (repliesSent == 0 ? 1 : 0);
            rating = score;
            String comment = score == 5 ? "Quick and friendly" : null;
            client.request(new Command.Rate(chat, score, comment, cid()))
                    .whenCompleteAsync((ok, failure) -> {
                        log("chat closed by the agent; rated " + score + "/5");
                        end(Outcome.CLOSED_BY_AGENT);
                    }, thread);
        } else {
            log("chat closed by the agent");
            end(Outcome.CLOSED_BY_AGENT);
        }
    }

    // ---- patience ------------------------------------------------------------------------------

    /** Starts waiting for the agent; past the patience the customer leaves. */
    private void armPatience() {
        cancelPatience();
        patienceTimer = thread.schedule(this::runOutOfPatience, sim.paced(arrival.patience().toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void cancelPatience() {
        if (patienceTimer != null) {
            patienceTimer.cancel(false);
            patienceTimer = null;
        }
    }

    private void runOutOfPatience() {
        if (outcome != null) {
            return;
        }
        if (agentName == null) {
            log("gives up after waiting " + seconds(sim.elapsedMillis() - openedAtMillis));
            closeChat("gave up waiting", Outcome.ABANDONED);
        } else {
            log("leaves");
            closeChat("customer left", Outcome.LEFT);
        }
    }

    private void closeChat(String reason, Outcome how) {
        cancelPatience();
        outcome = how;
        client.request(new Command.Close(chat, reason, null, cid())).whenCompleteAsync((ok, failure) -> end(how), thread);
    }

    private void end(Outcome how) {
        cancelPatience();
        if (outcome == null) {
            outcome = how;
        }
        if (client != null) {
            client.close();
        }
        finished.complete(outcome);
    }

    private void log(String what) {
        sim.log("#" + arrival.number() + " " + arrival.name() + " " + what);
    }

    private static String cid() {
        return UUID.randomUUID().toString();
    }

    private static String seconds(long millis) {
        return Duration.ofMillis(millis).toSeconds() + " s";
    }

    private static String reason(Throwable t) {
        Throwable cause = Failures.cause(t);
        return cause instanceof RequestException r ? r.getMessage() : String.valueOf(cause.getMessage());
    }
}
