package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.TerminalText;
import dev.switchboard.protocol.Times;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chat's stored events, read by paging {@code history} backwards with {@code before}, and rendered as a
 * readable transcript. Shared by {@code chats show} and {@code transcripts export}.
 */
final class Transcript {
    private static final int PAGE = 200;

    private final String chat;
    private final List<ObjectNode> events;

    private Transcript(String chat, List<ObjectNode> events) {
        this.chat = chat;
        this.events = events;
    }

    static Transcript fetch(AdminConnection server, String chat) {
        List<List<ObjectNode>> pages = new ArrayList<>();
        Long before = null;
        while (true) {
            ServerFrame.Ok ok = server.request(new Command.History(chat, before, PAGE));
            List<ObjectNode> page = new ArrayList<>();
            ok.get("events").forEach(e -> page.add((ObjectNode) e));
            if (page.isEmpty()) {
                break;
            }
            pages.add(0, page);
            if (!ok.get("more").asBoolean()) {
                break;
            }
            before = page.get(0).path("seq").asLong();
        }
        List<ObjectNode> all = new ArrayList<>();
        pages.forEach(all::addAll);
        return new Transcript(chat, all);
    }

    String chat() {
        return chat;
    }

    /** The stored events in seq order, as the server sent them. */
    List<ObjectNode> events() {
        return events;
    }

    /** The messages and notes, in order. */
    List<ServerFrame.Message> messages(Codec codec) throws IOException {
        List<ServerFrame.Message> out = new ArrayList<>();
        for (ObjectNode e : events) {
            if (codec.serverFrame(e) instanceof ServerFrame.Message m) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * A readable transcript: a header, then one line per message and per change of state, with times in
     * {@code zone}. Everything a customer or agent wrote is neutralised for the terminal.
     */
    String render(Codec codec, ZoneId zone) throws IOException {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
        StringBuilder b = new StringBuilder();
        ServerFrame.Chat previous = null;
        for (ObjectNode e : events) {
            ServerFrame frame = codec.serverFrame(e);
            if (frame instanceof ServerFrame.Chat c) {
                if (previous == null) {
                    b.append(header(c, time));
                }
                String change = change(previous, c);
                if (change != null) {
                    b.append('[').append(time.format(Instant.ofEpochMilli(Times.parse(c.at())))).append("] — ")
                            .append(change).append('\n');
                }
                previous = c;
            } else if (frame instanceof ServerFrame.Message m) {
                String stamp = "[" + time.format(Instant.ofEpochMilli(Times.parse(m.at()))) + "] ";
                String who = TerminalText.line(m.from().name()) + (m.internalNote() ? " (internal note)" : "") + ": ";
                String indent = " ".repeat(stamp.length() + 2);
                b.append(stamp).append(who)
                        .append(TerminalText.multiline(m.text()).replace("\n", "\n" + indent)).append('\n');
            }
        }
        if (previous == null) {
            b.append("Chat ").append(TerminalText.line(chat)).append(" (no events)\n");
        }
        return b.toString();
    }

    private static String header(ServerFrame.Chat c, DateTimeFormatter time) {
        StringBuilder b = new StringBuilder("Chat ").append(TerminalText.line(c.chat()));
        if (c.customer() != null) {
            b.append(" with ").append(TerminalText.line(c.customer().name()));
            if (c.customer().email() != null) {
                b.append(" <").append(TerminalText.line(c.customer().email())).append('>');
            }
        }
        if (c.topic() != null) {
            b.append(", topic ").append(TerminalText.line(c.topic()));
        }
        b.append(", opened ").append(time.format(Instant.ofEpochMilli(Times.parse(c.openedAt()))))
                .append(' ').append(time.getZone().getId()).append('\n');
        Map<String, String> context = c.customer() == null ? null : c.customer().context();
        if (context != null && !context.isEmpty()) {
            List<String> parts = new ArrayList<>();
            context.forEach((k, v) -> parts.add(TerminalText.line(k) + ": " + TerminalText.line(v)));
            b.append(String.join(" · ", parts)).append('\n');
        }
        return b.append('\n').toString();
    }

    /** What changed between two chat events, in words; null when nothing worth a line did. */
    private static String change(ServerFrame.Chat before, ServerFrame.Chat now) {
        String agent = now.agent() == null ? null : TerminalText.line(now.agent().name());
        String wasAgent = before == null || before.agent() == null ? null : before.agent().user();
        String isAgent = now.agent() == null ? null : now.agent().user();
        String wasState = before == null ? null : before.state();
        if ("closed".equals(now.state()) && !"closed".equals(wasState)) {
            return "closed" + (now.reason() == null ? "" : " (" + TerminalText.line(now.reason()) + ")");
        }
        if ("queued".equals(now.state()) && !"queued".equals(wasState)) {
            return before == null ? "waiting in the queue" : "back to the queue";
        }
        if (isAgent != null && !isAgent.equals(wasAgent)) {
            return (wasAgent == null ? "assigned to " : "transferred to ") + agent;
        }
        if (now.rating() != null && (before == null || !Objects.equals(before.rating(), now.rating()))) {
            return "rated " + now.rating().score() + "/5"
                    + (now.rating().comment() == null ? "" : ": " + TerminalText.line(now.rating().comment()));
        }
        return null;
    }
}
