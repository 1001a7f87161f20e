package dev.switchboard.cli.simulate;

import dev.switchboard.cli.common.TimeArgs;
import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.tls.TlsOptions;
import dev.switchboard.client.tls.TlsTrust;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard simulate}: a rush hour of customers against one server, for demos and load tests. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a rush hour: customers arrive at random (a Poisson process) with realistic support"
                + " questions in several languages, wait, answer the agents, give up when kept waiting too long, and"
                + " rate the chat at the end. The same --seed gives the same arrivals. Stops after --duration."})
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = ServerAddress.Converter.class,
            defaultValue = "${env:SWITCHBOARD_SERVER:-127.0.0.1:7700}", description = "The only server it talks to. Default: ${DEFAULT-VALUE}")
    ServerAddress server;

    @Mixin
    TlsOptions tls;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "2", description = "Arrivals per minute, on average. Default: ${DEFAULT-VALUE}")
    double rate;

    @Option(names = "--duration", paramLabel = "SPAN", defaultValue = "10m", description = "How long customers keep arriving (30s, 10m, 1h). Default: ${DEFAULT-VALUE}")
    String duration;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for the arrivals (default: a random one, printed).")
    Long seed;

    @Option(names = "--patience", paramLabel = "SPAN", defaultValue = "3m",
            description = "How long a customer waits for an answer, on average, before leaving. Default: ${DEFAULT-VALUE}")
    String patience;

    @Option(names = "--pace", paramLabel = "X", defaultValue = "1",
            description = "Speeds the customers up: reading, typing and patience take 1/X as long. Default: ${DEFAULT-VALUE}")
    double pace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Duration length;
        Duration meanPatience;
        try {
            length = TimeArgs.span(duration);
            meanPatience = TimeArgs.span(patience);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("switchboard simulate: " + e.getMessage());
            return 2;
        }
        if (rate <= 0 || pace <= 0) {
            spec.commandLine().getErr().println("switchboard simulate: --rate and --pace must be above 0");
            return 2;
        }
        TlsTrust trust;
        try {
            trust = tls.trust(server.host(), server.port());
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("switchboard simulate: " + e.getMessage());
            return 1;
        }
        long s = seed != null ? seed : System.nanoTime();
        List<ArrivalPlan.Arrival> plan = ArrivalPlan.generate(ScriptBook.bundled(), s, rate, length, meanPatience);
        out.printf(Locale.ROOT, "simulating %d customers over %s at %.1f a minute against %s (seed %d)%n",
                plan.size(), duration, rate, server, s);
        out.flush();
        Simulation.Summary summary = new Simulation(server, trust, pace, out).run(plan, length);
        out.printf(Locale.ROOT, "done: %d arrived, %d refused, %d answered, %d gave up waiting, %d rated (average %.1f)%n",
                summary.arrivals(), summary.refused(), summary.answered(), summary.abandoned(), summary.rated(),
                summary.averageRating());
        out.flush();
        return 0;
    }
}
