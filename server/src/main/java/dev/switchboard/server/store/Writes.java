package dev.switchboard.server.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one desk batch writes, recorded while the desk applies the batch and executed later by the
 * {@link StoreWriter} (or in place, when the desk must read through the writer). A chat row changed several
 * times in one batch is written once, in its last state.
 */
public final class Writes {
    final List<EventRow> events = new ArrayList<>();
    final Map<String, ChatRow> chats = new LinkedHashMap<>();
    final List<String[]> chatAgents = new ArrayList<>();
    /** Idempotent writes' stored replies by {@link #key(String, String)}, kept after execution for look-ups. */
    final Map<String, String> replies = new LinkedHashMap<>();
    /** How many of {@link #replies} (in insertion order) are executed already. */
    int repliesExecuted;

    public void event(EventRow e) {
        events.add(e);
    }

    /**
     * Marks message {@code seq} with a chat event derived from it ({@link DerivedChatEvents}), if it is this
     * batch's newest row and not executed yet. Returns the marked row, or null when it cannot be marked.
     */
    public EventRow markWaitChange(long seq, EventRow.WaitChange change) {
        int last = events.size() - 1;
        if (last < 0 || events.get(last).seq() != seq) {
            return null;
        }
        EventRow marked = events.get(last).withWaitChange(change);
        events.set(last, marked);
        return marked;
    }

    public void chat(ChatRow c) {
        chats.put(c.id(), c);
    }

    public void chatAgent(String chatId, String user) {
        chatAgents.add(new String[] {chatId, user});
    }

    public void reply(String sender, String cid, String reply) {
        replies.put(key(sender, cid), reply);
    }

    String reply(String sender, String cid) {
        return replies.get(key(sender, cid));
    }

    /** After execution: the rows are in the transaction; the replies stay for look-ups until settled. */
    void executed() {
        events.clear();
        chats.clear();
        chatAgents.clear();
        repliesExecuted = replies.size();
    }

    static String key(String sender, String cid) {
        return sender + '\n' + cid;
    }

    static String sender(String key) {
        return key.substring(0, key.indexOf('\n'));
    }

    static String cid(String key) {
        return key.substring(key.indexOf('\n') + 1);
    }
}
