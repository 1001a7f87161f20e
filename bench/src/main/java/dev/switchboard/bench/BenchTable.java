package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the files scripts/bench leaves in its output directory (S1-S4 load reports as JSON, S5/S6 timings and
 * the machine as {@code key=value} lines) into one results table (Markdown, printed) and {@code results.json}.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.switchboard.bench.BenchTable OUT_DIR</pre>
 */
public final class BenchTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchTable() {
    }

    record Row(String id, String scenario, String goal, String result, String verdict, String serverCpu,
               String loadCpu, String notes) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Row> rows = new ArrayList<>();
        ObjectNode all = JSON.createObjectNode();
        ArrayNode results = all.putArray("scenarios");
        java.util.Properties machine = props(dir.resolve("machine.txt"));
        ObjectNode m = all.putObject("machine");
        machine.stringPropertyNames().stream().sorted().forEach(k -> m.put(k, machine.getProperty(k)));

        JsonNode s1 = read(dir.resolve("S1.json"));
        if (s1 != null) {
            double rate = s1.path("relayedPerSecond").asDouble();
            long lost = s1.path("lost").asLong();
            rows.add(new Row("S1", "50 chats, max rate (window " + windowOf(s1) + "), " + secs(s1),
                    ">= 60,000 relayed msg/s, none lost",
                    String.format(Locale.ROOT, "%,.0f msg/s relayed; lost %d; e2e p99 %.1f ms", rate, lost,
                            s1.path("e2e").path("p99").asDouble()),
                    rate >= 60_000 && lost == 0 ? "pass" : "FAIL", cpu(s1, "serverCpuCores"), cpu(s1, "loadCpuCores"),
                    notes(dir, "S1", s1)));
            results.add(tag("S1", s1));
        }
        for (String id : new String[] {"S2", "S3"}) {
            JsonNode s = read(dir.resolve(id + ".json"));
            if (s == null) {
                continue;
            }
            double p99 = s.path("e2e").path("p99").asDouble();
            long errors = errorCount(s);
            String scenario = id.equals("S2") ? s.path("customers").asInt() + " chats, 10 msg/s each (10,000/s offered), " + secs(s)
                    : s.path("customers").asInt() + " chats, 1 msg / 2 s each, " + secs(s);
            rows.add(new Row(id, scenario, "e2e p99 <= 5 ms, no errors",
                    String.format(Locale.ROOT, "p50 %.2f / p99 %.2f / max %.1f ms; %,.0f msg/s relayed; errors %d; lost %d",
                            s.path("e2e").path("p50").asDouble(), p99, s.path("e2e").path("max").asDouble(),
                            s.path("relayedPerSecond").asDouble(), errors, s.path("lost").asLong()),
                    p99 <= 5 && errors == 0 && s.path("lost").asLong() == 0 ? "pass" : "FAIL",
                    cpu(s, "serverCpuCores"), cpu(s, "loadCpuCores"), notes(dir, id, s)));
            results.add(tag(id, s));
        }
        JsonNode s4 = read(dir.resolve("S4.json"));
        if (s4 != null) {
            JsonNode r = s4.path("resources");
            long rss = r.path("idleBytesPerConnection").asLong(-1);
            long heap = r.path("idleHeapBytesPerConnection").asLong(-1);
            int held = s4.path("connections").path("heldAtEnd").asInt();
            rows.add(new Row("S4", String.format(Locale.ROOT, "%,d idle customer connections", s4.path("connections").path("idle").asInt()),
                    "<= 4 KiB server memory per connection (judged on live heap after a full GC)",
                    String.format(Locale.ROOT, "%,d B live heap per connection (RSS growth %,d B); %,d held", heap, rss, held),
                    heap >= 0 && heap <= 4096 ? "pass" : "FAIL", "", "", notes(dir, "S4", s4)));
            results.add(tag("S4", s4));
        }
        java.util.Properties s5 = props(dir.resolve("S5.txt"));
        if (s5.getProperty("median_ms") != null) {
            long ms = Long.parseLong(s5.getProperty("median_ms"));
            rows.add(new Row("S5", "server start to accepting, empty store", "<= 1 s",
                    "median " + ms + " ms of " + s5.getProperty("runs_ms") + " (process start to TCP accept)",
                    ms <= 1000 ? "pass" : "FAIL", "", "", s5.getProperty("notes", "")));
            results.add(props("S5", s5));
        }
        java.util.Properties s6 = props(dir.resolve("S6.txt"));
        if (s6.getProperty("median_ms") != null) {
            long ms = Long.parseLong(s6.getProperty("median_ms"));
            rows.add(new Row("S6", "restart with " + s6.getProperty("events") + " events, " + s6.getProperty("open")
                    + " open chats", "accepting again <= 5 s",
                    "median " + ms + " ms of " + s6.getProperty("runs_ms") + "; store " + s6.getProperty("db_mib") + " MiB",
                    ms <= 5000 ? "pass" : "FAIL", "", "", s6.getProperty("notes", "")));
            results.add(props("S6", s6));
        }

        StringBuilder out = new StringBuilder();
        out.append("| | scenario | goal | result | | server CPU | load gen CPU | notes |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            out.append("| ").append(String.join(" | ", r.id(), r.scenario(), r.goal(), r.result(), r.verdict(),
                    r.serverCpu(), r.loadCpu(), r.notes())).append(" |\n");
        }
        out.append("\nMachine: ").append(machine.getProperty("cpu", "?")).append(", ")
                .append(machine.getProperty("cores", "?")).append(" cores, ").append(machine.getProperty("memory", "?"))
                .append(", ").append(machine.getProperty("java", "?")).append(", disk fsync ")
                .append(machine.getProperty("fsync", "?")).append("; at S2's commit rate (")
                .append(machine.getProperty("disk_syncs", "?")).append(") syncs took ")
                .append(machine.getProperty("disk_sync_ms", "?")).append(" ms, ")
                .append(machine.getProperty("disk_slow_syncs", "?")).append(". CPU is in cores (1.00 = one core busy);")
                .append(" server and load generator share the machine.\n");
        System.out.print(out);
        Files.writeString(dir.resolve("results.md"), out.toString());
        JSON.writeValue(dir.resolve("results.json").toFile(), all);
    }

    private static String windowOf(JsonNode s) {
        String rate = s.path("rate").asText();
        int i = rate.indexOf("window ");
        return i < 0 ? "?" : rate.substring(i + 7).replace(")", "");
    }

    private static String secs(JsonNode s) {
        return String.format(Locale.ROOT, "%.0f s", s.path("seconds").asDouble());
    }

    private static String cpu(JsonNode s, String field) {
        double v = s.path("resources").path(field).asDouble(-1);
        return v < 0 ? "?" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static long errorCount(JsonNode s) {
        long n = 0;
        for (JsonNode v : s.path("errors")) {
            n += v.asLong();
        }
        return n;
    }

    private static String notes(Path dir, String id, JsonNode s) throws java.io.IOException {
        List<String> parts = new ArrayList<>();
        if (s.path("errors").size() > 0) {
            parts.add("errors " + s.path("errors").toString().replace("\"", ""));
        }
        if (s.path("skipped").asLong() > 0) {
            parts.add("skipped " + s.path("skipped").asLong());
        }
        if (s.path("requeued").asLong() > 0) {
            parts.add("chats requeued by the server " + s.path("requeued").asLong());
        }
        if (s.path("unassigned").asLong() > 0) {
            parts.add("unassigned " + s.path("unassigned").asLong());
        }
        java.util.Properties p = props(dir.resolve(id + ".txt"));
        if (p.getProperty("loadavg") != null) {
            parts.add("load avg before " + p.getProperty("loadavg"));
        }
        return String.join("; ", parts);
    }

    private static JsonNode read(Path p) throws java.io.IOException {
        return Files.exists(p) ? JSON.readTree(p.toFile()) : null;
    }

    private static ObjectNode tag(String id, JsonNode s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.set("report", s);
        return o;
    }

    private static ObjectNode props(String id, java.util.Properties p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        p.stringPropertyNames().stream().sorted().forEach(k -> o.put(k, p.getProperty(k)));
        return o;
    }

    private static java.util.Properties props(Path p) throws java.io.IOException {
        java.util.Properties props = new java.util.Properties();
        if (Files.exists(p)) {
            try (var r = Files.newBufferedReader(p)) {
                props.load(r);
            }
        }
        return props;
    }
}
