package dev.switchboard.tui.console.model;

import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the console shows, without any drawing: chats and their order, the selection, presence,
 * connection state, alerts. Fed with server frames and user intents on the UI thread only; the clock is
 * injected so timers and urgency can be tested without waiting.
 */
public final class DeskModel {

    public enum Connection { CONNECTING, CONNECTED, RECONNECTING, OFFLINE }

    private final Clock clock;
    private final UrgencyThresholds thresholds;
    private final Map<String, ChatItem> chats = new HashMap<>();
    private List<ChatItem> rows = List.of();
    private long joinCounter;

    private String user = "";
    private String name = "";
    private boolean oversees;
    private boolean available = true;
    private int cap = -1;
    private int queueHidden;
    private Connection connection = Connection.CONNECTING;
    private String connectionDetail = "";

    private String selected;
    private String previous;
    private String notice;
    private long noticeUntil;

    /** Alt+A cycle: where it started, the order fixed at its first press, and how far it has gone. */
    private String cycleFrom;
    private List<String> cycle = List.of();
    private int cycleAt;

    public DeskModel(Clock clock, UrgencyThresholds thresholds) {
        this.clock = clock;
        this.thresholds = thresholds;
    }

    public long now() {
        return clock.millis();
    }

    public UrgencyThresholds thresholds() {
        return thresholds;
    }

    // ---- who and how connected ------------------------------------------------------------------

    public void welcome(ServerFrame.Welcome w) {
        user = w.user() == null ? "" : w.user();
        name = w.name() == null ? user : w.name();
        oversees = "supervisor".equals(w.kind()) || "admin".equals(w.kind());
        connection = Connection.CONNECTED;
        connectionDetail = "";
    }

    public void disconnected(String reason, boolean willRetry) {
        connection = willRetry ? Connection.RECONNECTING : Connection.OFFLINE;
        connectionDetail = reason == null ? "" : reason;
    }

    public String user() {
        return user;
    }

    public String name() {
        return name;
    }

    public boolean oversees() {
        return oversees;
    }

    public Connection connection() {
        return connection;
    }

    public String connectionDetail() {
        return connectionDetail;
    }

    public boolean available() {
        return available;
    }

    public void available(boolean on) {
        available = on;
    }

    /** -1 until the server has told us. */
    public int cap() {
        return cap;
    }

    public void cap(int c) {
        cap = c;
    }

    // ---- server frames ---------------------------------------------------------------------------

    public void apply(ServerFrame frame) {
        if (frame instanceof ServerFrame.Snapshot s) {
            snapshot(s);
        } else if (frame instanceof ServerFrame.Chat c) {
            ChatItem known = chats.get(c.chat());
            ServerFrame.Chat before = known == null ? null : known.state();
            chat(c);
            lateRatingNotice(c, before);
        } else if (frame instanceof ServerFrame.Message m) {
            message(m, true);
        } else if (frame instanceof ServerFrame.Notice n) {
            deskNotice(n);
        } else if (frame instanceof ServerFrame.Typing t) {
            ChatItem c = chats.get(t.chat());
            if (c != null && t.from() != null && "customer".equals(t.from().role())) {
                c.customerTyping(t.on());
            }
        }
    }

    /**
     * The server now runs on another database. Its chat ids start over, so nothing known so far may stay: a
     * kept transcript would show another customer's words, a kept draft could be sent to them. The resync
     * that follows fills the list again.
     */
    public void storeChanged() {
        chats.clear();
        rows = List.of();
        selected = null;
        previous = null;
        queueHidden = 0;
        cycle = List.of();
        cycleFrom = null;
        notice("The server's database changed: chats, drafts and transcripts were cleared and reload from it.");
    }

    /**
     * Something the desk did to this agent. Said in a few words, as the notice line is one row of the chat pane;
     * the chat's transcript keeps the desk's full note.
     */
    private void deskNotice(ServerFrame.Notice n) {
        // A server before `status` on notices said auto_away alone.
        String status = n.status() != null ? n.status() : "auto_away".equals(n.code()) ? "away" : null;
        if (status != null) {
            available = "available".equals(status);
        }
        if ("auto_away".equals(n.code())) {
            notice("You were set away: chats went unanswered.");
        } else if ("reassigned".equals(n.code())) {
            ChatItem c = n.chat() == null ? null : chats.get(n.chat());
            notice((c != null ? c.customerName() : "A chat") + " was passed on: no answer in time.");
        } else if (n.text() != null) {
            notice(n.text());
        }
    }

    /** A page of {@code history}: older lines, and the chat's state as it was (newer live state wins). */
    public void history(String chatId, List<ServerFrame> events, boolean more) {
        ChatItem c = chats.get(chatId);
        if (c == null) {
            return;
        }
        ServerFrame.Chat before = null;
        for (ServerFrame f : events) {
            if (f instanceof ServerFrame.Message m) {
                message(m, false);
            } else if (f instanceof ServerFrame.Chat ch) {
                chatEventLine(c, ch, before);
                before = ch;
            }
        }
        c.olderHistory(more);
        c.history(ChatItem.HistoryState.LOADED);
    }

    private void snapshot(ServerFrame.Snapshot s) {
        Map<String, ServerFrame.Chat> present = new HashMap<>();
        s.chats().forEach(c -> present.put(c.chat(), c));
        s.queue().forEach(c -> present.put(c.chat(), c));
        chats.values().removeIf(c -> !present.containsKey(c.id()) && !c.id().equals(selected));
        for (ServerFrame.Chat c : s.chats()) {
            chat(c);
        }
        for (ServerFrame.Chat c : s.queue()) {
            chat(c);
        }
        queueHidden = Math.max(0, s.queueTotal() - s.queue().size());
        reorder();
    }

    private void chat(ServerFrame.Chat c) {
        ChatItem item = chats.get(c.chat());
        ServerFrame.Chat before = item == null ? null : item.state();
        if (item == null) {
            item = new ChatItem(c);
        } else {
            item.update(c);
        }
        ChatItem.Section section = sectionOf(item.state());
        boolean keepForViewing = section == null && item.id().equals(selected);
        if (section == null && !keepForViewing) {
            chats.remove(c.chat());
        } else {
            chats.put(c.chat(), item);
            if (section != null) {
                item.moveTo(section, ++joinCounter);
            } else if (item.section() != ChatItem.Section.WATCHED) {
                item.moveTo(ChatItem.Section.WATCHED, ++joinCounter);
            }
            if (c.waitingSince() == null) {
                item.customerTyping(item.customerTyping() && !item.isClosed());
            }
            if (before != null) {
                chatEventLine(item, c, before);
            }
        }
        if (before != null && "queued".equals(before.state()) && !"queued".equals(c.state()) && queueHidden > 0) {
            queueHidden--;
        }
        reorder();
    }

    /** Which section a chat belongs in for this user, or null when it leaves the list. */
    private ChatItem.Section sectionOf(ServerFrame.Chat c) {
        switch (c.state()) {
            case "queued":
                return ChatItem.Section.QUEUED;
            case "active":
                if (isMine(c)) {
                    return ChatItem.Section.MINE;
                }
                return oversees ? ChatItem.Section.WATCHED : null;
            default:
                return null;
        }
    }

    /** Records what changed about a chat as a transcript line (assignment, transfer, close). */
    private void chatEventLine(ChatItem item, ServerFrame.Chat c, ServerFrame.Chat before) {
        String text = null;
        String agentNow = c.agent() == null ? null : c.agent().name();
        String agentBefore = before == null || before.agent() == null ? null : before.agent().name();
        if ("closed".equals(c.state()) && (before == null || !"closed".equals(before.state()))) {
            text = "chat closed" + (c.reason() == null ? "" : " (" + c.reason() + ")");
        } else if ("queued".equals(c.state()) && before != null && !"queued".equals(before.state())) {
            text = "back in the queue";
        } else if ("active".equals(c.state()) && agentNow != null && !Objects.equals(agentNow, agentBefore)
                && (before != null || c.agent() != null)) {
            text = "assigned to " + agentNow;
        } else if (c.rating() != null && (before == null || before.rating() == null)) {
            text = "rated " + c.rating().score() + "/5 by the customer"
                    + (c.rating().comment() == null ? "" : ": " + c.rating().comment());
        }
        if (text != null && item.add(new TranscriptLine(c.seq(), time(c.at()), TranscriptLine.Kind.EVENT, "", text))
                && !item.id().equals(selected) && before != null) {
            item.unread(item.unread() + 1);
        }
    }

    /**
     * A rating left after the chat closed and left the list would otherwise reach this agent nowhere (the
     * selected chat's transcript shows it already).
     */
    private void lateRatingNotice(ServerFrame.Chat c, ServerFrame.Chat before) {
        if (!c.chat().equals(selected) && "closed".equals(c.state()) && isMine(c) && c.rating() != null
                && (before == null || before.rating() == null)) {
            notice(ChatItem.customerName(c) + " rated the chat " + c.rating().score() + "/5"
                    + (c.rating().comment() == null ? "." : ": " + c.rating().comment()));
        }
    }

    private boolean isMine(ServerFrame.Chat c) {
        return c.agent() != null && user.equals(c.agent().user());
    }

    private void message(ServerFrame.Message m, boolean live) {
        ChatItem c = chats.get(m.chat());
        if (c == null) {
            return;
        }
        String role = m.from() == null ? "" : m.from().role();
        TranscriptLine.Kind kind = m.internalNote() ? TranscriptLine.Kind.NOTE
                : "customer".equals(role) ? TranscriptLine.Kind.CUSTOMER : TranscriptLine.Kind.AGENT;
        String author = m.from() == null || m.from().name() == null ? role : m.from().name();
        boolean added = c.add(new TranscriptLine(m.seq(), time(m.at()), kind, author, m.text()));
        if (kind == TranscriptLine.Kind.CUSTOMER) {
            c.customerTyping(false);
        }
        boolean fromMe = m.from() != null && user.equals(m.from().user());
        if (added && live && !fromMe && !c.id().equals(selected)) {
            c.unread(c.unread() + 1);
        }
    }

    private static long time(String at) {
        return at == null ? 0 : Times.parse(at);
    }

    // ---- list ------------------------------------------------------------------------------------

    /** Mine first, then the queue (longest waiting first), then colleagues' chats; positions stay put. */
    private void reorder() {
        List<ChatItem> list = new ArrayList<>(chats.values());
        list.sort(Comparator.comparing(ChatItem::section)
                .thenComparing(c -> c.section() == ChatItem.Section.QUEUED ? queueKey(c) : 0L)
                .thenComparingLong(ChatItem::joined));
        rows = List.copyOf(list);
    }

    private static long queueKey(ChatItem c) {
        String since = c.state().waitingSince() != null ? c.state().waitingSince() : c.state().openedAt();
        return since == null ? Long.MAX_VALUE : Times.parse(since);
    }

    public List<ChatItem> rows() {
        return rows;
    }

    public ChatItem chat(String id) {
        return id == null ? null : chats.get(id);
    }

    /** Lines sent in any chat and not yet acknowledged: lost if the console quits now. */
    public int sendingCount() {
        return chats.values().stream().mapToInt(c -> c.sending().size()).sum();
    }

    /** 1-based position in the list, 0 when absent. */
    public int positionOf(ChatItem c) {
        return rows.indexOf(c) + 1;
    }

    public int mineCount() {
        return (int) rows.stream().filter(c -> c.section() == ChatItem.Section.MINE && !c.isClosed()).count();
    }

    public int queueLength() {
        return queueHidden + (int) rows.stream().filter(c -> c.section() == ChatItem.Section.QUEUED).count();
    }

    public ChatItem queueHead() {
        return rows.stream().filter(c -> c.section() == ChatItem.Section.QUEUED).findFirst().orElse(null);
    }

    // ---- urgency and alerts ------------------------------------------------------------------------

    public Urgency urgency(ChatItem c) {
        long waited = c.waitedMillis(now());
        return waited < 0 || c.isClosed() ? Urgency.NONE : thresholds.of(waited);
    }

    /**
     * A chat needs the agent while a customer waits in it (theirs or the queue's) and it is either new (not
     * looked at yet) or urgent. Looking at an urgent chat does not silence it; answering or accepting does.
     */
    public boolean needsAttention(ChatItem c) {
        if (c.section() == ChatItem.Section.WATCHED || c.isClosed() || c.state().waitingSince() == null) {
            return false;
        }
        return !c.visited() || urgency(c) == Urgency.URGENT;
    }

    public int attentionCount() {
        return (int) rows.stream().filter(this::needsAttention).count();
    }

    // ---- selection ---------------------------------------------------------------------------------

    public ChatItem selected() {
        return chat(selected);
    }

    /** Opens a chat: the one left remembers what was seen, the one entered marks what is new. */
    public void select(String id) {
        if (id == null || id.equals(selected) || !chats.containsKey(id)) {
            return;
        }
        ChatItem leaving = selected();
        if (leaving != null) {
            leaving.seenWhenLeft(leaving.newestSeq());
            leaving.newSinceSeq(-1);
            if (sectionOf(leaving.state()) == null) {
                chats.remove(leaving.id());
                reorder();
            }
        }
        previous = leaving == null || !chats.containsKey(leaving.id()) ? previous : leaving.id();
        selected = id;
        ChatItem entering = chats.get(id);
        entering.visited(true);
        entering.unread(0);
        entering.scroll(0);
        long since = entering.seenWhenLeft();
        boolean anyNew = since >= 0 && entering.newestSeq() > since;
        entering.newSinceSeq(anyNew ? since : -1);
        if (anyNew) {
            notice(summary(entering, since));
        }
    }

    /** "3 new since you left: 2 from Chris, 1 note" */
    private static String summary(ChatItem c, long since) {
        Map<TranscriptLine.Kind, Integer> counts = new java.util.EnumMap<>(TranscriptLine.Kind.class);
        int total = 0;
        for (TranscriptLine l : c.transcriptBySeq().tailMap(since, false).values()) {
            counts.merge(l.kind(), 1, Integer::sum);
            total++;
        }
        List<String> parts = new ArrayList<>();
        if (counts.containsKey(TranscriptLine.Kind.CUSTOMER)) {
            parts.add(counts.get(TranscriptLine.Kind.CUSTOMER) + " from " + c.customerName());
        }
        if (counts.containsKey(TranscriptLine.Kind.AGENT)) {
            parts.add(counts.get(TranscriptLine.Kind.AGENT) + " from staff");
        }
        if (counts.containsKey(TranscriptLine.Kind.NOTE)) {
            int n = counts.get(TranscriptLine.Kind.NOTE);
            parts.add(n + (n == 1 ? " note" : " notes"));
        }
        if (counts.containsKey(TranscriptLine.Kind.EVENT)) {
            int n = counts.get(TranscriptLine.Kind.EVENT);
            parts.add(n + (n == 1 ? " change" : " changes"));
        }
        return total + " new since you left: " + String.join(", ", parts);
    }

    public void selectPosition(int position) {
        if (position >= 1 && position <= rows.size()) {
            select(rows.get(position - 1).id());
        }
    }

    public void selectNext(int step) {
        if (rows.isEmpty()) {
            return;
        }
        int at = rows.indexOf(selected());
        int next = at < 0 ? (step > 0 ? 0 : rows.size() - 1) : Math.floorMod(at + step, rows.size());
        select(rows.get(next).id());
    }

    public void selectLast() {
        if (previous != null && chats.containsKey(previous)) {
            select(previous);
        }
    }

    /**
     * Alt+A: the waiting chats ordered most urgent first, then longest waiting. The first press jumps to the
     * top one; each further press goes on down that order and finally back to where the cycle started.
     * Returns false when nobody waits.
     */
    public boolean cycleUrgent() {
        boolean continuing = !cycle.isEmpty() && cycleAt < cycle.size() && cycle.get(cycleAt).equals(selected);
        if (!continuing) {
            long now = now();
            // At the cap a queued chat cannot be accepted: the customers already yours come first, and only.
            boolean full = cap >= 0 && mineCount() >= cap;
            List<ChatItem> waiting = rows.stream()
                    .filter(c -> c.section() != ChatItem.Section.WATCHED && urgency(c) != Urgency.NONE)
                    .filter(c -> !(full && c.section() == ChatItem.Section.QUEUED))
                    .sorted(Comparator.comparing(this::urgency).reversed()
                            .thenComparing(Comparator.comparingLong((ChatItem c) -> c.waitedMillis(now)).reversed()))
                    .toList();
            if (waiting.isEmpty()) {
                return false;
            }
            cycleFrom = selected;
            cycle = waiting.stream().map(ChatItem::id).toList();
            cycleAt = 0;
        } else {
            cycleAt++;
            while (cycleAt < cycle.size() && !chats.containsKey(cycle.get(cycleAt))) {
                cycleAt++;
            }
        }
        if (cycleAt < cycle.size()) {
            select(cycle.get(cycleAt));
        } else {
            cycle = List.of();
            if (cycleFrom != null) {
                select(cycleFrom);
            }
        }
        return true;
    }

    // ---- notices -----------------------------------------------------------------------------------

    public void notice(String text) {
        notice = text;
        noticeUntil = now() + 6_000;
    }

    /** The current notice, or null once it has expired. */
    public String notice() {
        return notice != null && now() < noticeUntil ? notice : null;
    }
}
