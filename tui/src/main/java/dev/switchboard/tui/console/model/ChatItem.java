package dev.switchboard.tui.console.model;

import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One chat as the console knows it: its latest state, transcript, draft and what the agent has seen. */
public final class ChatItem {

    /** Where a chat sits in the list. */
    public enum Section {
        /** Assigned to this agent: the only chats they can write into. */
        MINE,
        /** Waiting in the queue: readable, acceptable. */
        QUEUED,
        /** A colleague's chat (supervisors, or one just transferred away): read-only. */
        WATCHED
    }

    public enum HistoryState { NOT_LOADED, LOADING, LOADED }

    private final String id;
    private ServerFrame.Chat state;
    /** Parsed once per state change: timers read them for every row on every frame. */
    private long waitingSince;
    private long openedAt;
    private Section section;
    /** Order of joining the section: keeps positions stable while the agent works. */
    private long joined;
    /** By seq, so history pages and live events that overlap are stored once. */
    private final TreeMap<Long, TranscriptLine> transcript = new TreeMap<>();
    private final Draft draft = new Draft();
    private int unread;
    private boolean customerTyping;
    private boolean visited;
    private boolean noteMode;
    /** The newest seq the agent had seen when they last left this chat; -1 before the first visit. */
    private long seenWhenLeft = -1;
    /** While viewing: lines after this seq arrived while the agent was away ("new since you left"). */
    private long newSinceSeq = -1;
    private HistoryState history = HistoryState.NOT_LOADED;
    private boolean olderHistory;
    /** Transcript rows scrolled up from the newest; 0 follows new messages. */
    private int scroll;

    ChatItem(ServerFrame.Chat state) {
        this.id = state.chat();
        setState(state);
    }

    private void setState(ServerFrame.Chat s) {
        state = s;
        waitingSince = s.waitingSince() == null ? -1 : Times.parse(s.waitingSince());
        openedAt = s.openedAt() == null ? -1 : Times.parse(s.openedAt());
    }

    public String id() {
        return id;
    }

    public ServerFrame.Chat state() {
        return state;
    }

    void update(ServerFrame.Chat newer) {
        if (newer.seq() >= state.seq()) {
            setState(newer);
        }
    }

    public Section section() {
        return section;
    }

    void moveTo(Section s, long order) {
        if (section != s) {
            section = s;
            joined = order;
            visited = false;
        }
    }

    long joined() {
        return joined;
    }

    public boolean isClosed() {
        return "closed".equals(state.state());
    }

    public String customerName() {
        return customerName(state);
    }

    static String customerName(ServerFrame.Chat chat) {
        return chat.customer() == null || chat.customer().name() == null ? "(customer)" : chat.customer().name();
    }

    /** The customer's first name, or null when they gave none ({name|there} then says "there"). */
    public String firstName() {
        String name = state.customer() == null ? null : state.customer().name();
        if (name == null || name.isBlank() || name.equals(Command.Hello.ANONYMOUS_CUSTOMER)) {
            return null;
        }
        return name.strip().split("\\s+")[0];
    }

    public Map<String, String> context() {
        return state.customer() == null || state.customer().context() == null ? Map.of() : state.customer().context();
    }

    /** Millis since {@code waitingSince}, or -1 when nobody waits. */
    public long waitedMillis(long now) {
        return waitingSince < 0 ? -1 : Math.max(0, now - waitingSince);
    }

    public long ageMillis(long now) {
        return openedAt < 0 ? 0 : Math.max(0, now - openedAt);
    }

    public NavigableMap<Long, TranscriptLine> transcriptBySeq() {
        return transcript;
    }

    /** Adds a line; false when that seq was already there. */
    boolean add(TranscriptLine line) {
        return transcript.putIfAbsent(line.seq(), line) == null;
    }

    /** Lines sent but not yet acknowledged (by cid): shown as sending, e.g. while the server is unreachable. */
    private final Map<String, TranscriptLine> sending = new LinkedHashMap<>();

    public void sending(String cid, TranscriptLine line) {
        sending.put(cid, line);
    }

    /** The server answered the send with this cid (stored, or refused): it is no longer pending. */
    public void settled(String cid) {
        sending.remove(cid);
    }

    public Collection<TranscriptLine> sending() {
        return sending.values();
    }

    public long newestSeq() {
        return transcript.isEmpty() ? -1 : transcript.lastKey();
    }

    public long oldestSeq() {
        return transcript.isEmpty() ? -1 : transcript.firstKey();
    }

    public Draft draft() {
        return draft;
    }

    public int unread() {
        return unread;
    }

    void unread(int n) {
        unread = n;
    }

    public boolean customerTyping() {
        return customerTyping;
    }

    void customerTyping(boolean on) {
        customerTyping = on;
    }

    public boolean visited() {
        return visited;
    }

    void visited(boolean v) {
        visited = v;
    }

    public boolean noteMode() {
        return noteMode;
    }

    public void noteMode(boolean on) {
        noteMode = on;
    }

    long seenWhenLeft() {
        return seenWhenLeft;
    }

    void seenWhenLeft(long seq) {
        seenWhenLeft = seq;
    }

    /** Lines with a higher seq came while the agent was away; -1 shows no marker. */
    public long newSinceSeq() {
        return newSinceSeq;
    }

    void newSinceSeq(long seq) {
        newSinceSeq = seq;
    }

    public HistoryState history() {
        return history;
    }

    public void history(HistoryState h) {
        history = h;
    }

    public boolean olderHistory() {
        return olderHistory;
    }

    void olderHistory(boolean more) {
        olderHistory = more;
    }

    public int scroll() {
        return scroll;
    }

    public void scroll(int rows) {
        scroll = Math.max(0, rows);
    }
}
