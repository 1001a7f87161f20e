package dev.switchboard.tui.customer;

import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.TlsOptions;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Command;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard customer}: chat with the support desk from a terminal, one line at a time. */
@picocli.CommandLine.Command(name = "customer", mixinStandardHelpOptions = true,
        description = {"Chat with the support desk as a customer: type a line and press Enter.",
                "Shows your place in the queue, who is answering and when they type, and asks for a rating at the end."})
public final class CustomerCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = ServerAddress.Converter.class,
            defaultValue = "${env:SWITCHBOARD_SERVER:-127.0.0.1:7700}", description = "Default: ${DEFAULT-VALUE}")
    ServerAddress server;

    @Mixin
    TlsOptions tls;

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
        TlsTrust trust;
        try {
            trust = tls.trust(server.host(), server.port());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("switchboard customer: " + e.getMessage());
            return 1;
        }
        Map<String, String> context = new LinkedHashMap<>();
        putIfGiven(context, "page", page);
        putIfGiven(context, "location", location);
        putIfGiven(context, "query", query);
        SwitchboardClient.Builder client = SwitchboardClient.builder(server.host(), server.port(),
                Command.Hello.customer(name, email, context.isEmpty() ? null : context)).tls(trust);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        CustomerChat chat = new CustomerChat(in, out);
        Runtime.getRuntime().addShutdownHook(new Thread(chat::leaveAtExit, "switchboard-customer-exit"));
        return chat.run(client, server.toString());
    }

    private static void putIfGiven(Map<String, String> context, String key, String value) {
        if (value != null && !value.isBlank()) {
            context.put(key, value);
        }
    }
}
