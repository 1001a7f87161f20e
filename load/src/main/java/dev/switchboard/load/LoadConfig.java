package dev.switchboard.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * One load run. {@code ratePerCustomer <= 0} means "as fast as the window allows" ({@code --rate max}).
 * {@link #validate} enforces the bounds that keep every run finite and small enough for one machine.
 *
 * @param window         in-flight {@code say}s per customer: the bound at max rate, and the cap before a
 *                       fixed-rate customer skips a tick (counted as {@code skipped})
 * @param agentCap       cap of the agent accounts the run creates; 0 picks enough for the customers
 * @param spreadSources  bind customers to distinct loopback source addresses ({@code perSource} each), as real
 *                       customers come from many addresses (the server limits open chats per address)
 */
public record LoadConfig(
        String host,
        int port,
        int customers,
        int agents,
        double ratePerCustomer,
        int window,
        Duration duration,
        Duration warmup,
        int idle,
        long serverPid,
        String adminPassword,
        int agentCap,
        int threads,
        boolean spreadSources,
        int perSource,
        Duration setupTimeout,
        Duration drainTimeout,
        boolean serverGc,
        boolean allowRemote,
        String label) {

    public static final int MAX_CUSTOMERS = 50_000;
    public static final int MAX_IDLE = 60_000;
    public static final int MAX_AGENTS = 1_000;
    public static final int MAX_AGENT_CAP = 1_000;
    public static final Duration MAX_DURATION = Duration.ofHours(1);
    public static final Duration MAX_WARMUP = Duration.ofMinutes(10);
    public static final double MAX_RATE = 10_000;

    public boolean maxRate() {
        return ratePerCustomer <= 0;
    }

    /** The cap given to the run's agent accounts. */
    public int effectiveAgentCap() {
        if (agentCap > 0) {
            return agentCap;
        }
        if (agents == 0) {
            return 0;
        }
        int needed = (customers + agents - 1) / agents;
        return Math.min(MAX_AGENT_CAP, needed + Math.max(2, needed / 10));
    }

    /** Throws {@link IllegalArgumentException} naming the first bound that is broken. */
    public LoadConfig validate() {
        require(host != null && !host.isBlank(), "--server needs HOST:PORT");
        require(port > 0 && port < 65536, "port must be 1-65535");
        require(customers >= 0 && customers <= MAX_CUSTOMERS, "--customers must be 0-" + MAX_CUSTOMERS);
        require(idle >= 0 && idle <= MAX_IDLE, "--idle must be 0-" + MAX_IDLE);
        require(agents >= 0 && agents <= MAX_AGENTS, "--agents must be 0-" + MAX_AGENTS);
        require(customers == 0 || agents > 0, "customers need at least one agent to answer them (--agents)");
        require(customers + idle + agents > 0, "nothing to do: give --customers or --idle");
        require(ratePerCustomer <= MAX_RATE, "--rate must be at most " + (int) MAX_RATE + " per customer, or max");
        require(window >= 1 && window <= 1024, "--window must be 1-1024");
        require(duration != null && !duration.isNegative() && duration.compareTo(MAX_DURATION) <= 0,
                "--duration must be 0-" + MAX_DURATION.toSeconds() + " s");
        require(warmup != null && !warmup.isNegative() && warmup.compareTo(MAX_WARMUP) <= 0,
                "--warmup must be 0-" + MAX_WARMUP.toSeconds() + " s");
        require(agentCap >= 0 && agentCap <= MAX_AGENT_CAP, "--agent-cap must be 0-" + MAX_AGENT_CAP);
        require(agents == 0 || (long) effectiveAgentCap() * agents >= customers,
                "agents x cap (" + agents + " x " + effectiveAgentCap() + ") cannot hold " + customers + " chats");
        require(threads >= 1 && threads <= 64, "--threads must be 1-64");
        require(perSource >= 1, "--per-source must be at least 1");
        require(setupTimeout != null && setupTimeout.compareTo(Duration.ofMinutes(30)) <= 0
                && drainTimeout != null && drainTimeout.compareTo(Duration.ofMinutes(5)) <= 0, "timeouts out of range");
        require(customers == 0 || agents == 0 || adminPassword != null && !adminPassword.isEmpty(),
                "creating agent accounts needs --admin-password or SWITCHBOARD_ADMIN_PASSWORD");
        require(allowRemote || isLoopback(host), "only loopback targets unless --allow-remote: " + host);
        return this;
    }

    /** The longest a run can take before it stops by itself (setup, warm-up, measure, drain, close). */
    public Duration upperBound() {
        return setupTimeout.multipliedBy(2).plus(warmup).plus(duration).plus(drainTimeout).plus(Duration.ofSeconds(30));
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The source address of connection {@code i} ({@code null}: let the OS pick). */
    public String sourceFor(int i) {
        if (!spreadSources || !isLoopback(host) || host.contains(":")) {
            return null;
        }
        int n = i / perSource + 1;
        return "127." + (1 + (n >> 16) % 254) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
