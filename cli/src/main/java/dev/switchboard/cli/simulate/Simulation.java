package dev.switchboard.cli.simulate;

import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.tls.TlsTrust;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an {@link ArrivalPlan} against one server for a bounded time: customers arrive on schedule, and when
 * the time is up those still there leave, so the run ends within {@code duration} plus a few seconds.
 */
final class Simulation {
    /** How long customers get to close their chats once the time is up. */
    private static final Duration GOODBYE = Duration.ofSeconds(10);

    private final ServerAddress server;
    private final TlsTrust tls;
    private final double pace;
    private final PrintWriter log;
    private final boolean spreadAddresses;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulation");
        t.setDaemon(true);
        return t;
    });
    private long startNanos;

    /** What happened, for the closing summary and for tests. */
    record Summary(int arrivals, int refused, int answered, int abandoned, int rated, double averageRating) {
    }

    /** @param tls how to trust the server, or null for plain TCP */
    Simulation(ServerAddress server, TlsTrust tls, double pace, PrintWriter log) {
        this.server = server;
        this.tls = tls;
        this.pace = pace;
        this.log = log;
        this.spreadAddresses = isLoopback(server.host());
    }

    Summary run(List<ArrivalPlan.Arrival> plan, Duration duration) throws InterruptedException {
        startNanos = System.nanoTime();
        List<SimulatedCustomer> customers = new ArrayList<>();
        for (ArrivalPlan.Arrival a : plan) {
            SimulatedCustomer c = new SimulatedCustomer(a, this);
            customers.add(c);
            thread.schedule(c::start, a.at().toMillis(), TimeUnit.MILLISECONDS);
        }
        long left = duration.toMillis() - elapsedMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
        log("time is up: the customers still here leave");
        thread.execute(() -> customers.forEach(SimulatedCustomer::stop));
        CompletableFuture<Void> all = CompletableFuture.allOf(customers.stream()
                .map(SimulatedCustomer::finished).toArray(CompletableFuture[]::new));
        try {
            all.get(GOODBYE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log("some customers did not finish leaving in time");
        }
        thread.shutdownNow();
        return summarise(customers);
    }

    private static Summary summarise(List<SimulatedCustomer> customers) {
        int refused = 0;
        int answered = 0;
        int abandoned = 0;
        List<Integer> ratings = new ArrayList<>();
        for (SimulatedCustomer c : customers) {
            SimulatedCustomer.Outcome o = c.finished().getNow(null);
            if (o == SimulatedCustomer.Outcome.REFUSED) {
                refused++;
            } else if (o == SimulatedCustomer.Outcome.ABANDONED) {
                abandoned++;
            }
            if (c.answered()) {
                answered++;
            }
            if (c.rating() != null) {
                ratings.add(c.rating());
            }
        }
        double average = ratings.stream().mapToInt(Integer::intValue).average().orElse(0);
        return new Summary(customers.size(), refused, answered, abandoned, ratings.size(), average);
    }

    // ---- for the customers ---------------------------------------------------------------------

    ServerAddress server() {
        return server;
    }

    TlsTrust tls() {
        return tls;
    }

    ScheduledExecutorService thread() {
        return thread;
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** A think time or patience, sped up by {@code --pace}. */
    long paced(long millis) {
        return Math.max(1, Math.round(millis / pace));
    }

    /**
     * On loopback each customer connects from its own address in 127.0.0.0/8, as real customers come from
     * many addresses; otherwise the server's per-address limits would cap the rush at a handful of chats.
     */
    String localAddressFor(int customerNumber) {
        return spreadAddresses ? "127.0.0." + (2 + customerNumber % 250) : null;
    }

    void log(String line) {
        long s = elapsedMillis() / 1000;
        synchronized (log) {
            log.printf("[%02d:%02d] %s%n", s / 60, s % 60, line);
            log.flush();
        }
    }

    private static boolean isLoopback(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address instanceof Inet4Address && address.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
