package dev.switchboard.tui.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The console's link over the protocol client library. The client is attached after the console exists,
 * because the client needs the console's listener when it is built.
 */
public final class ClientDeskLink implements DeskLink {
    private volatile SwitchboardClient client;

    public void attach(SwitchboardClient c) {
        this.client = c;
    }

    @Override
    public CompletableFuture<ServerFrame.Ok> request(Command command) {
        return client.request(command);
    }

    @Override
    public void send(Command command) {
        client.send(command);
    }

    @Override
    public List<ServerFrame> events(ServerFrame.Ok history) {
        List<ServerFrame> out = new ArrayList<>();
        JsonNode events = history.get("events");
        if (events == null) {
            return out;
        }
        for (JsonNode e : events) {
            try {
                ServerFrame f = client.codec().serverFrame((ObjectNode) e);
                if (f != null) {
                    out.add(f);
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }
}
