package dev.switchboard.load;

import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.tls.TlsOptions;
import dev.switchboard.client.tls.TlsTrust;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code switchboard load}: drives a running server with customers that talk and agents that answer, and
 * reports throughput, end-to-end latency, errors, connections and resources (table, and JSON with {@code --json}).
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load a running Switchboard server: C customers open chats that are routed to A agents "
                + "(accounts created for the run, with caps high enough); customers say at a rate and agents "
                + "answer every message. Reports relayed customer->agent messages/s, end-to-end and ok latency, "
                + "errors by code, connections held, the server's RSS and CPU (--server-pid) and this "
                + "generator's own CPU.",
                "Targets loopback only unless --allow-remote; every run is bounded in time and connections."})
public final class LoadCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = ServerAddress.Converter.class,
            defaultValue = "127.0.0.1:7700", description = "Default: ${DEFAULT-VALUE}")
    ServerAddress server;

    @Mixin
    TlsOptions tls;

    @Option(names = "--customers", defaultValue = "50", description = "Talking customers, one chat each. Default: ${DEFAULT-VALUE}")
    int customers;

    @Option(names = "--agents", defaultValue = "0",
            description = "Agents answering (accounts created for this run). Default: enough for 500 chats each")
    int agents;

    @Option(names = "--rate", defaultValue = "1",
            description = "Messages per second per customer, or 'max' (as fast as --window allows). Default: ${DEFAULT-VALUE}")
    String rate;

    @Option(names = "--window", defaultValue = "16",
            description = "Unacknowledged says per customer: the bound at max rate, the skip threshold otherwise. Default: ${DEFAULT-VALUE}")
    int window;

    @Option(names = "--duration", defaultValue = "20", description = "Measured seconds. Default: ${DEFAULT-VALUE}")
    double duration;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds of load before measuring. Default: ${DEFAULT-VALUE}")
    double warmup;

    @Option(names = "--idle", defaultValue = "0",
            description = "Extra customer connections that say hello and wait (memory per connection). Default: ${DEFAULT-VALUE}")
    int idle;

    @Option(names = "--json", description = "Also write the report as JSON to this file")
    Path json;

    @Option(names = "--server-pid", defaultValue = "-1",
            description = "The server's PID (same machine): its RSS and CPU time are read from /proc")
    long serverPid;

    @Option(names = "--server-gc", description = "Before measuring idle memory, run a full GC in the server (jcmd) and report live-heap growth too")
    boolean serverGc;

    @Option(names = "--admin-password", defaultValue = "${env:SWITCHBOARD_ADMIN_PASSWORD}",
            description = "The admin's password, to create the agent accounts (SWITCHBOARD_ADMIN_PASSWORD)")
    String adminPassword;

    @Option(names = "--agent-cap", defaultValue = "0", description = "Cap of the created agents. Default: just above customers/agents")
    int agentCap;

    // Half the cores, as the server's network threads: the generator shares the machine with the server, and on
    // two cores a second generator thread cost S2 a tenth of a core more for a worse tail (README, Performance).
    @Option(names = "--threads", description = "I/O threads of the generator. Default: half the cores, at least 1")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    @Option(names = "--per-source", defaultValue = "8",
            description = "Customers per loopback source address (127.1.x.y); the server limits open chats per address. Default: ${DEFAULT-VALUE}")
    int perSource;

    @Option(names = "--no-spread", description = "Connect every customer from the default source address")
    boolean noSpread;

    @Option(names = "--setup-timeout", defaultValue = "120", description = "Seconds allowed for connecting and opening chats. Default: ${DEFAULT-VALUE}")
    double setupTimeout;

    @Option(names = "--drain-timeout", defaultValue = "10", description = "Seconds to wait for in-flight messages at the end. Default: ${DEFAULT-VALUE}")
    double drainTimeout;

    @Option(names = "--label", description = "A name for this run in the report")
    String label;

    @Option(names = "--allow-remote", description = "Allow a non-loopback target (only a server you own)")
    boolean allowRemote;

    /** Runs standalone: {@code java -jar load/target/switchboard-load.jar --help}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }

    LoadConfig config() {
        double perCustomer;
        if ("max".equalsIgnoreCase(rate)) {
            perCustomer = 0;
        } else {
            try {
                perCustomer = Double.parseDouble(rate);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rate must be a number or 'max'");
            }
            if (!(perCustomer > 0)) {
                throw new IllegalArgumentException("--rate must be above 0 (or 'max')");
            }
        }
        int agentCount = agents > 0 ? agents : customers == 0 ? 0 : Math.max(1, (customers + 499) / 500);
        return new LoadConfig(server.host(), server.port(), customers, agentCount, perCustomer, window, seconds(duration),
                seconds(warmup), idle, serverPid, adminPassword, agentCap, threads, !noSpread, perSource,
                seconds(setupTimeout), seconds(drainTimeout), serverGc, allowRemote, label).validate();
    }

    private static Duration seconds(double s) {
        if (Double.isNaN(s) || s < 0 || s > 86_400) {
            throw new IllegalArgumentException("durations must be 0-86400 seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    @Override
    public Integer call() throws Exception {
        LoadConfig cfg;
        try {
            cfg = config();
        } catch (IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            return 2;
        }
        TlsTrust trust;
        try {
            trust = tls.trust(cfg.host(), cfg.port());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("load: " + e.getMessage());
            return 1;
        }
        LoadReport report;
        try {
            report = new LoadRun(cfg, trust, System.err).run();
        } catch (IllegalStateException e) {
            System.err.println("load: " + e.getMessage());
            return 1;
        }
        report.printTable(System.out);
        if (json != null) {
            report.writeJson(json);
        }
        return report.lost() > 0 ? 1 : 0;
    }
}
