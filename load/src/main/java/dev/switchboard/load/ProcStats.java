package dev.switchboard.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's resident memory and CPU time from Linux's /proc, and this process's own CPU time. Values
 * are -1 where unavailable (another OS, a process that is gone).
 */
public final class ProcStats {
    /** USER_HZ: 100 on every mainstream Linux build (x86-64, arm64). */
    static final long TICKS_PER_SECOND = 100;

    private ProcStats() {
    }

    /** VmRSS in KiB from /proc/PID/status, or -1. */
    public static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** VmHWM (peak resident) in KiB, or -1. */
    public static long peakRssKib(long pid) {
        return statusField(pid, "VmHWM:");
    }

    static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return parseKib(line.substring(field.length()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** "  123456 kB" → 123456. */
    static long parseKib(String rest) {
        String s = rest.trim();
        int sp = s.indexOf(' ');
        return Long.parseLong(sp < 0 ? s : s.substring(0, sp));
    }

    /** User + system CPU time of a process in nanoseconds, from /proc/PID/stat, or -1. */
    public static long cpuNanos(long pid) {
        try {
            return parseStatCpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 (utime) and 15 (stime) in clock ticks; the command name (field 2) may hold spaces and parentheses. */
    static long parseStatCpuNanos(String stat) {
        String afterName = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = afterName.trim().split(" +");
        // afterName starts at field 3 (state): utime is field 14 → index 11, stime → index 12.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** This JVM's CPU time (all threads) in nanoseconds, or -1. */
    public static long selfCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** Asks the JVM with this pid for a full GC (jcmd, same user); false when that failed. */
    public static boolean requestGc(long pid) {
        return jcmd(pid, "GC.run") != null;
    }

    /** Used Java heap in KiB as {@code jcmd PID GC.heap_info} reports it, or -1. */
    public static long heapUsedKib(long pid) {
        String out = jcmd(pid, "GC.heap_info");
        return out == null ? -1 : parseHeapUsedKib(out);
    }

    /** The first "used NNNK" in GC.heap_info's output (the whole heap's line comes first). */
    static long parseHeapUsedKib(String out) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
