package dev.switchboard.tui.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ServerFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Stands in for the server: records what the console sends and answers with canned results. */
final class FakeLink implements DeskLink {
    final Codec codec = new Codec(Limits.defaults());
    final List<Command> requests = new CopyOnWriteArrayList<>();
    final List<Command> sent = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, Function<Command, ObjectNode>> answers = new HashMap<>();

    FakeLink() {
        answer(Command.Agents.class, c -> {
            ObjectNode r = codec.object();
            ObjectNode me = r.putArray("agents").addObject();
            me.put("user", "alice").put("name", "Alice").put("kind", "agent").put("online", true)
                    .put("status", "available").put("active", 0).put("cap", 3);
            ObjectNode bob = ((com.fasterxml.jackson.databind.node.ArrayNode) r.get("agents")).addObject();
            bob.put("user", "bob").put("name", "Bob").put("kind", "agent").put("online", true)
                    .put("status", "available").put("active", 1).put("cap", 3);
            return r;
        });
        answer(Command.Canned.class, c -> {
            ObjectNode r = codec.object();
            var list = r.putArray("canned");
            list.addObject().put("id", "1").put("shortcut", "greet").put("text", "Hi {name|there}, I'm {agent}. How can I help?");
            list.addObject().put("id", "2").put("shortcut", "bye").put("text", "Thanks for chatting, {name|friend}!");
            list.addObject().put("id", "3").put("shortcut", "pricing").put("text", "Our prices are on {page|the pricing page}.");
            return r;
        });
        answer(Command.History.class, c -> {
            ObjectNode r = codec.object();
            r.putArray("events");
            r.put("more", false);
            return r;
        });
    }

    void answer(Class<? extends Command> type, Function<Command, ObjectNode> result) {
        answers.put(type, result);
    }

    /** While set, requests stay unanswered (a server that is unreachable) until {@link #answerHeld()}. */
    volatile boolean hold;
    private final List<CompletableFuture<ServerFrame.Ok>> held = new CopyOnWriteArrayList<>();

    void answerHeld() {
        hold = false;
        held.forEach(f -> f.complete(new ServerFrame.Ok(0, codec.object())));
        held.clear();
    }

    @Override
    public CompletableFuture<ServerFrame.Ok> request(Command command) {
        if (hold) {
            CompletableFuture<ServerFrame.Ok> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }
        requests.add(command);
        Function<Command, ObjectNode> a = answers.getOrDefault(command.getClass(), c -> codec.object());
        return CompletableFuture.completedFuture(new ServerFrame.Ok(requests.size(), a.apply(command)));
    }

    @Override
    public void send(Command command) {
        sent.add(command);
    }

    @Override
    public List<ServerFrame> events(ServerFrame.Ok history) {
        List<ServerFrame> out = new ArrayList<>();
        history.get("events").forEach(e -> {
            try {
                out.add(codec.serverFrame((ObjectNode) e));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return out;
    }

    <T extends Command> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
