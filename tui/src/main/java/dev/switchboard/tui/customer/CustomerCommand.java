package dev.switchboard.tui.customer;

import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/** {@code switchboard customer}: chat with the support desk from a terminal, one line at a time. */
@picocli.CommandLine.Command(name = "customer", mixinStandardHelpOptions = true,
        description = {"Chat with the support desk as a customer: type a line and press Enter.",
                "Shows your place in the queue, who is answering and when they type, and asks for a rating at the end."})
public final class CustomerCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "${env:SWITCHBOARD_SERVER:-127.0.0.1:7700}",
            description = "Default: ${DEFAULT-VALUE}")
    String server;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Your name, as the agent sees it.")
    String name;

    @Option(names = "--email", paramLabel = "ADDRESS")
    String email;

    @Option(names = "--page", paramLabel = "PATH", description = "Context for the agent: the page you came from.")
    String page;

    @Option(names = "--location", paramLabel = "PLACE", description = "Context for the agent: where you are.")
    String location;

    @Option(names = "--query", paramLabel = "TEXT", description = "Context for the agent: what you searched for.")
    String query;

    @Override
    public Integer call() {
        int colon = server.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(server.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            System.err.println("switchboard customer: --server must be HOST:PORT, not '" + server + "'");
            return 2;
        }
        String host = server.substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
        Map<String, String> context = new LinkedHashMap<>();
        putIfGiven(context, "page", page);
        putIfGiven(context, "location", location);
        putIfGiven(context, "query", query);
        SwitchboardClient.Builder client = SwitchboardClient.builder(host, port,
                Command.Hello.customer(name, email, context.isEmpty() ? null : context));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        return new CustomerChat(in, out).run(client, server);
    }

    private static void putIfGiven(Map<String, String> context, String key, String value) {
        if (value != null && !value.isBlank()) {
            context.put(key, value);
        }
    }
}
