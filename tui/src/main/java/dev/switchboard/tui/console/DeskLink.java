package dev.switchboard.tui.console;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the console needs from the server connection; tests may stand in for it. */
public interface DeskLink {

    /** A request; completes with its {@code ok} or fails (e.g. {@code RequestException}), on any thread. */
    CompletableFuture<ServerFrame.Ok> request(Command command);

    /** A frame without reply ({@code typing}); dropped while disconnected. */
    void send(Command command);

    /** The chat events of a {@code history} reply. */
    List<ServerFrame> events(ServerFrame.Ok history);
}
