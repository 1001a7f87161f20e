package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples ({@code jdk.ExecutionSample}): the hottest leaf frames, the hottest
 * frames of Switchboard's own code (the first {@code dev.switchboard} frame on each stack: where our code spends
 * or causes the time), and samples per thread.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.switchboard.bench.JfrTop FILE.jfr [TOP=25]</pre>
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> leaf = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> nativeByThread = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        Map<String, double[]> cpuLoad = new HashMap<>();
        int total = 0;
        int nativeTotal = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ThreadCPULoad") && e.getThread("eventThread") != null) {
                String t = threadName(e.getThread("eventThread").getJavaName());
                double[] acc = cpuLoad.computeIfAbsent(t, k -> new double[2]);
                acc[0] += e.getFloat("user") + e.getFloat("system");
                acc[1]++;
                continue;
            }
            if (type.equals("jdk.NativeMethodSample") && e.getStackTrace() != null
                    && !e.getStackTrace().getFrames().isEmpty()) {
                nativeTotal++;
                String t = e.getThread("sampledThread") == null ? "?" : threadName(e.getThread("sampledThread").getJavaName());
                nativeByThread.merge(t, 1, Integer::sum);
                List<RecordedFrame> fr = e.getStackTrace().getFrames();
                String where = name(fr.get(0));
                for (RecordedFrame f : fr) {
                    if (name(f).startsWith("dev.switchboard.")) {
                        where = where + " <- " + name(f);
                        break;
                    }
                }
                nativeTop.merge(t + ": " + where, 1, Integer::sum);
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = st.getFrames();
            leaf.merge(name(frames.get(0)), 1, Integer::sum);
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("dev.switchboard.")) {
                    ours.merge(n, 1, Integer::sum);
                    break;
                }
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("dev.switchboard.") && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : threadName(thread), 1, Integer::sum);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("CPU per thread group (jdk.ThreadCPULoad averaged, summed over the group's threads), in cores of " + cores + ":");
        Map<String, Double> groups = new HashMap<>();
        cpuLoad.forEach((t, acc) -> groups.merge(t, acc[0] / Math.max(1, acc[1]), Double::sum));
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                .forEach(en -> System.out.printf("  %5.2f  %s%n", en.getValue() * cores, en.getKey()));
        System.out.printf("%nnative samples (threads waiting in native code: I/O, fsync, SQLite): %,d%n", nativeTotal);
        print("native samples by thread", nativeByThread, nativeTotal, top);
        print("native samples: top frame <- Switchboard caller", nativeTop, nativeTotal, top);
        System.out.println();
        System.out.printf("%s: %,d CPU samples%n", file, total);
        print("threads (samples)", threads, total, top);
        print("hottest leaf frames (self time)", leaf, total, top);
        print("first Switchboard frame on the stack", ours, total, top);
        print("Switchboard frames, inclusive (on the stack)", inclusive, total, top);
    }

    /** Groups numbered threads: switchboard-io-4-2 and switchboard-io-4-3 are one group. */
    private static String threadName(String t) {
        return t == null ? "?" : t.replaceAll("(-\\d+)+$", "-N");
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null) {
            return "?";
        }
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println();
        System.out.println(title + ":");
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> sorted.put(en.getKey(), en.getValue()));
        sorted.forEach((k, v) -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * v / Math.max(1, total), v, k));
    }
}
