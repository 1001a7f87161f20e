package dev.switchboard.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What a run measured. Rates are per second over the measured window (after the warm-up); latencies are in
 * milliseconds; CPU is in cores (1.0 = one core busy for the whole window); memory in KiB. {@code -1}: unknown.
 */
public record LoadReport(
        String label,
        String target,
        int customers,
        int agents,
        String rate,
        double seconds,
        long sent,
        long acked,
        long refused,
        long relayed,
        double relayedPerSecond,
        double ackedPerSecond,
        long lost,
        long unanswered,
        long skipped,
        long unassigned,
        long requeued,
        LatencyStats.Summary e2e,
        LatencyStats.Summary reply,
        LatencyStats.Summary okCustomer,
        LatencyStats.Summary okAgent,
        Map<String, Long> errors,
        Connections connections,
        Resources resources) {

    public record Connections(int customers, int agents, int idle, int heldAtEnd, int wanted) {
    }

    /**
     * @param idleBytesPerConnection server RSS growth per idle connection (bytes); {@code idleHeapBytesPerConnection}
     *                               the live-heap growth after a full GC, when {@code --server-gc} was given
     */
    public record Resources(long serverPid, long serverRssKibStart, long serverRssKibEnd, long serverPeakRssKib,
                            long serverRssKibBeforeIdle, long serverRssKibAfterIdle, long idleBytesPerConnection,
                            long idleHeapBytesPerConnection, double serverCpuCores, double loadCpuCores) {
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    public String toJson() throws IOException {
        return new ObjectMapper().writeValueAsString(this);
    }

    public void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Switchboard load%s: %s, %d customers, %d agents, rate %s, %.1f s measured%n",
                label == null ? "" : " [" + label + "]", target, customers, agents, rate, seconds);
        row(out, "relayed customer->agent", String.format(Locale.ROOT, "%,.0f msg/s  (%,d msgs)", relayedPerSecond, relayed));
        row(out, "acknowledged (ok)", String.format(Locale.ROOT, "%,.0f msg/s  (%,d of %,d sent, %,d refused)",
                ackedPerSecond, acked, sent, refused));
        row(out, "lost (ok, never relayed live)", Long.toString(lost));
        if (unanswered > 0 || skipped > 0 || unassigned > 0 || requeued > 0) {
            row(out, "unanswered / skipped / unassigned / requeued",
                    unanswered + " / " + skipped + " / " + unassigned + " / " + requeued);
        }
        lat(out, "e2e customer->agent", e2e);
        lat(out, "e2e agent->customer", reply);
        lat(out, "ok latency (customer say)", okCustomer);
        lat(out, "ok latency (agent say)", okAgent);
        row(out, "errors", errors.isEmpty() ? "none" : errors.toString());
        row(out, "connections held", String.format(Locale.ROOT, "%,d of %,d (customers %,d, agents %d, idle %,d)",
                connections.heldAtEnd(), connections.wanted(), connections.customers(), connections.agents(),
                connections.idle()));
        Resources r = resources;
        if (r.serverPid() > 0) {
            row(out, "server RSS", String.format(Locale.ROOT, "%s -> %s (peak %s)", mib(r.serverRssKibStart()),
                    mib(r.serverRssKibEnd()), mib(r.serverPeakRssKib())));
            if (r.idleBytesPerConnection() >= 0) {
                row(out, "server memory per idle conn", String.format(Locale.ROOT, "%,d B RSS%s (%s -> %s)",
                        r.idleBytesPerConnection(),
                        r.idleHeapBytesPerConnection() >= 0 ? String.format(Locale.ROOT, ", %,d B live heap",
                                r.idleHeapBytesPerConnection()) : "",
                        mib(r.serverRssKibBeforeIdle()), mib(r.serverRssKibAfterIdle())));
            }
            row(out, "server CPU", String.format(Locale.ROOT, "%.2f cores", r.serverCpuCores()));
        }
        row(out, "load generator CPU", String.format(Locale.ROOT, "%.2f cores", r.loadCpuCores()));
        out.flush();
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "  %-34s %s%n", name, value);
    }

    private static void lat(PrintStream out, String name, LatencyStats.Summary s) {
        if (s.count() == 0) {
            return;
        }
        row(out, name, String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms  (n=%,d)",
                s.p50(), s.p90(), s.p99(), s.max(), s.count()));
    }

    private static String mib(long kib) {
        return kib < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }
}
