package dev.switchboard.server.store;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat events stored only as a mark on the message that caused them (migration V6). A customer's message that
 * starts a wait, or an agent's answer that ends one, changes the chat's {@code waitingSince} and nothing else:
 * the chat event announcing it repeats the chat's previous one but for seq, at and the wait. So the desk sends
 * it live but stores {@link EventRow.WaitChange} on the message's row, and reads (replay, history) derive the
 * event from that row and the stored chat event it names, byte for byte as it was sent. So a stored chat event
 * that a mark names must stay as long as the message does.
 */
public final class DerivedChatEvents {
    private DerivedChatEvents() {
    }

    /** The derived event's frame: {@code base}'s fields with the message's seq + 1, time and wait. */
    public static ServerFrame.Chat frame(ServerFrame.Chat base, long messageSeq, String at, boolean waiting) {
        return base.withEvent(messageSeq + 1, at, waiting ? at : null);
    }

    /** The derived event's row: the message's chat and audience; no sender and no cid (the desk wrote it). */
    public static EventRow row(EventRow message, String body) {
        return new EventRow(message.seq() + 1, message.chatId(), "chat", message.at(), message.customerId(),
                message.agent(), null, EventRow.PARTIES, false, null, null, body, null);
    }

    /** {@code rows} in seq order, each marked message followed by the chat event derived from it. */
    public static List<EventRow> expand(Connection c, List<EventRow> rows, Codec codec) throws SQLException {
        List<EventRow> out = new ArrayList<>(rows.size() * 2);
        Map<Long, ServerFrame.Chat> bases = new HashMap<>();
        for (EventRow row : rows) {
            out.add(row);
            EventRow.WaitChange change = row.waitChange();
            if (change != null) {
                ServerFrame.Chat base = bases.get(change.base());
                if (base == null) {
                    base = base(c, row, codec);
                    bases.put(change.base(), base);
                }
                byte[] line = codec.encode(frame(base, row.seq(), Times.format(row.at()), change.waiting()));
                out.add(row(row, EventRow.body(line)));
            }
        }
        return out;
    }

    private static ServerFrame.Chat base(Connection c, EventRow message, Codec codec) throws SQLException {
        long seq = message.waitChange().base();
        String body = Store.one(c, "SELECT body FROM events WHERE seq = ? AND type = 'chat'", rs -> rs.getString(1), seq)
                .orElseThrow(() -> new SQLException("message " + message.seq() + " names chat event " + seq
                        + ", which is not stored"));
        try {
            return (ServerFrame.Chat) codec.decodeServerFrame(body);
        } catch (IOException | ClassCastException e) {
            throw new SQLException("chat event " + seq + " is not the JSON the desk wrote", e);
        }
    }
}
