package dev.switchboard.tui.console.view;

import com.googlecode.lanterna.TerminalPosition;
import dev.switchboard.protocol.TerminalText;
import dev.switchboard.tui.console.dialog.Confirm;
import dev.switchboard.tui.console.dialog.Dialog;
import dev.switchboard.tui.console.dialog.Help;
import dev.switchboard.tui.console.dialog.Picker;
import dev.switchboard.tui.console.dialog.TextPrompt;
import dev.switchboard.tui.console.model.ChatItem;
import dev.switchboard.tui.console.model.DeskModel;
import dev.switchboard.tui.console.model.Draft;
import dev.switchboard.tui.console.model.TranscriptLine;
import dev.switchboard.tui.console.model.Urgency;
import dev.switchboard.tui.console.view.Palette.Role;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Draws the whole desk from the model: chat list on the left, the open chat on the right (header,
 * transcript, input), the status bar at the bottom, and a dialog on top when one is open. Pure drawing:
 * it reads the model and never changes it.
 */
public final class ConsoleView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm");
    private static final int HEADER_ROWS = 3;
    private static final int MAX_INPUT_ROWS = 3;

    private final ZoneId zone;

    public ConsoleView(ZoneId zone) {
        this.zone = zone;
    }

    /** What the controller needs to know about the last frame: page size, and whether the top is in view. */
    public record Drawn(int transcriptRows, boolean transcriptTopVisible, TerminalPosition cursor) {
    }

    /** The left pane's width for a terminal this wide. */
    public static int listWidth(int columns) {
        return Math.max(18, Math.min(34, columns / 4 + 6));
    }

    public Drawn draw(Canvas c, DeskModel model, Dialog dialog, String suggestion) {
        int w = c.width();
        int h = c.height();
        int lw = listWidth(w);
        int rx = lw + 1;
        int rw = w - rx;
        for (int y = 0; y < h - 1; y++) {
            c.text(lw, y, 1, "│", Role.DIM);
        }
        drawList(c, model, lw, h - 1);
        ChatItem chat = model.selected();
        Draft draft = chat == null ? null : chat.draft();
        int inputRows = draft == null ? 1 : Math.min(MAX_INPUT_ROWS, draft.text().split("\n", -1).length);
        int inputTop = h - 1 - inputRows;
        // A notice too long for one row (a summary on coming back) takes a second one from the transcript.
        List<String> notice = model.notice() == null ? List.of() : Wrap.line(model.notice(), rw - 1);
        int infoRows = Math.max(1, Math.min(2, notice.size()));
        int infoRow = inputTop - infoRows;
        int transcriptRows = Math.max(0, infoRow - HEADER_ROWS);
        Drawn drawn;
        if (chat == null) {
            for (int y = 0; y < h - 1; y++) {
                c.fill(rx, y, rw, Role.NORMAL);
            }
            String hint = model.rows().isEmpty() ? "No chats yet. Waiting for customers…"
                    : "Alt+1..9 opens a chat, Alt+A the one that needs you most. F1: keys.";
            List<String> hintRows = Wrap.line(hint, rw - 2);
            for (int i = 0; i < hintRows.size() && 1 + i < infoRow; i++) {
                c.text(rx + 1, 1 + i, rw - 2, hintRows.get(i), Role.DIM);
            }
            drawInfo(c, notice, null, rx, infoRow, infoRows, rw);
            c.fill(rx, inputTop, rw, Role.NORMAL);
            drawn = new Drawn(transcriptRows, true, null);
        } else {
            drawHeader(c, model, chat, rx, rw);
            boolean top = drawTranscript(c, chat, rx, HEADER_ROWS, rw, transcriptRows);
            drawInfo(c, notice, chat, rx, infoRow, infoRows, rw);
            TerminalPosition cursor = drawInput(c, model, chat, rx, inputTop, rw, inputRows, suggestion);
            drawn = new Drawn(transcriptRows, top, cursor);
        }
        drawStatus(c, model, h - 1, w);
        if (dialog != null) {
            return new Drawn(drawn.transcriptRows(), drawn.transcriptTopVisible(), drawDialog(c, dialog));
        }
        return drawn;
    }

    // ---- chat list ---------------------------------------------------------------------------------

    private void drawList(Canvas c, DeskModel model, int lw, int rows) {
        List<Object> lines = new ArrayList<>();
        ChatItem.Section section = null;
        for (ChatItem chat : model.rows()) {
            if (chat.section() != section) {
                section = chat.section();
                lines.add(heading(model, section));
            }
            lines.add(chat);
        }
        if (model.rows().stream().noneMatch(r -> r.section() == ChatItem.Section.MINE)) {
            lines.add(0, heading(model, ChatItem.Section.MINE));
        }
        if (model.queueLength() > 0 && model.rows().stream().noneMatch(r -> r.section() == ChatItem.Section.QUEUED)) {
            lines.add(heading(model, ChatItem.Section.QUEUED));
        }
        int first = 0;
        int selectedAt = lines.indexOf(model.selected());
        if (lines.size() > rows && selectedAt >= rows) {
            first = Math.min(selectedAt - rows + 1 + rows / 3, lines.size() - rows);
        }
        long now = model.now();
        for (int y = 0; y < rows; y++) {
            int i = first + y;
            if (i >= lines.size()) {
                c.fill(0, y, lw, Role.NORMAL);
            } else if (lines.get(i) instanceof String title) {
                c.line(0, y, lw, title, Role.HEADING);
            } else {
                drawRow(c, model, (ChatItem) lines.get(i), y, lw, now);
            }
        }
    }

    private static String heading(DeskModel model, ChatItem.Section section) {
        return switch (section) {
            case MINE -> "Mine " + model.mineCount() + (model.cap() >= 0 ? "/" + model.cap() : "");
            case QUEUED -> "Queue " + model.queueLength();
            case WATCHED -> model.oversees() ? "Team (read-only)" : "Read-only";
        };
    }

    private void drawRow(Canvas c, DeskModel model, ChatItem chat, int y, int lw, long now) {
        boolean selected = chat == model.selected();
        Urgency urgency = model.urgency(chat);
        Role role = selected ? Role.SELECTED : switch (urgency) {
            case CALM -> Role.CALM;
            case WARN -> Role.WARN;
            case URGENT -> Role.URGENT;
            case NONE -> chat.isClosed() ? Role.DIM : Role.NORMAL;
        };
        int pos = model.positionOf(chat);
        String mark = model.needsAttention(chat) ? "!" : chat.customerTyping() ? "…" : " ";
        String left = String.format("%2d%s", pos, mark);
        String timer = chat.isClosed() ? "closed" : timer(chat.waitedMillis(now));
        String unread = chat.unread() > 0 ? (chat.unread() > 99 ? "99+" : String.valueOf(chat.unread())) + " " : "";
        String right = " " + unread + timer;
        int nameCols = lw - CellWidth.of(left) - CellWidth.of(right);
        int x = c.text(0, y, lw, left, mark.equals("!") && !selected ? Role.ALERT : role);
        x += c.text(x, y, nameCols, chat.customerName(), role);
        c.fill(x, y, lw - CellWidth.of(right) - x, role);
        c.text(lw - CellWidth.of(right), y, CellWidth.of(right), right, role);
    }

    /** mm:ss up to 99:59, then h:mm with an 'h'; blank when nobody waits. */
    static String timer(long millis) {
        if (millis < 0) {
            return "     ";
        }
        long s = millis / 1000;
        if (s < 100 * 60) {
            return String.format("%02d:%02d", s / 60, s % 60);
        }
        return String.format("%dh%02d", s / 3600, s / 60 % 60);
    }

    // ---- right pane ----------------------------------------------------------------------------------

    private void drawHeader(Canvas c, DeskModel model, ChatItem chat, int x, int w) {
        var state = chat.state();
        String who = chat.customerName();
        String status = switch (state.state()) {
            case "queued" -> "queued";
            case "closed" -> "closed" + (state.reason() == null ? "" : " (" + state.reason() + ")");
            default -> state.agent() == null ? "active"
                    : model.user().equals(state.agent().user()) ? "yours" : "with " + state.agent().name();
        };
        int earlier = state.customer() == null || state.customer().earlier() == null ? 0 : state.customer().earlier();
        String facts = " · " + status + " · age " + timer(chat.ageMillis(model.now())).strip()
                + " · " + (earlier == 0 ? "first chat" : earlier + " earlier " + (earlier == 1 ? "chat" : "chats"))
                + (state.topic() == null ? "" : " · topic " + state.topic());
        int used = c.text(x, 0, w, " " + who, Role.CUSTOMER);
        c.line(x + used, 0, w - used, facts, Role.HEADING);
        StringBuilder context = new StringBuilder(" ");
        Map<String, String> ctx = chat.context();
        appendContext(context, "page", ctx.get("page"));
        appendContext(context, "from", ctx.get("location"));
        appendContext(context, "searched", ctx.get("query"));
        ctx.forEach((k, v) -> {
            if (!k.equals("page") && !k.equals("location") && !k.equals("query")) {
                appendContext(context, k, v);
            }
        });
        if (state.customer() != null && state.customer().email() != null) {
            appendContext(context, "email", state.customer().email());
        }
        c.line(x, 1, w, context.toString(), Role.DIM);
        c.line(x, 2, w, "─".repeat(Math.max(0, w)), Role.DIM);
    }

    private static void appendContext(StringBuilder out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.append(out.length() > 1 ? " · " : "").append(label).append(' ').append(value);
        }
    }

    private record Row(String text, Role role, int indent, String prefix, Role prefixRole) {
    }

    /** Draws the transcript bottom-up (only what fits is wrapped); returns whether its first line is in view. */
    private boolean drawTranscript(Canvas c, ChatItem chat, int x, int y0, int w, int rows) {
        List<Row> collected = new ArrayList<>();
        int want = rows + chat.scroll();
        boolean reachedTop = true;
        long marker = chat.newSinceSeq();
        boolean markerDrawn = marker < 0;
        // Lines not yet acknowledged (the server is unreachable, say) sit below the transcript, dimmed.
        List<TranscriptLine> sending = new ArrayList<>(chat.sending());
        for (int i = sending.size() - 1; i >= 0; i--) {
            List<Row> rowsOfLine = rowsOf(sending.get(i), w);
            for (int r = rowsOfLine.size() - 1; r >= 0; r--) {
                Row row = rowsOfLine.get(r);
                collected.add(new Row(row.text(), Role.DIM, row.indent(), row.prefix(), Role.DIM));
            }
        }
        for (TranscriptLine line : chat.transcriptBySeq().descendingMap().values()) {
            if (collected.size() >= want) {
                reachedTop = false;
                break;
            }
            if (!markerDrawn && line.seq() <= marker) {
                collected.add(new Row("──── new since you left ────", Role.MARKER, 0, "", Role.MARKER));
                markerDrawn = true;
            }
            List<Row> rowsOfLine = rowsOf(line, w);
            for (int i = rowsOfLine.size() - 1; i >= 0; i--) {
                collected.add(rowsOfLine.get(i));
            }
        }
        if (reachedTop && chat.olderHistory()) {
            collected.add(new Row("── older messages: PageUp/Home loads them ──", Role.DIM, 0, "", Role.DIM));
        }
        int end = Math.min(chat.scroll(), Math.max(0, collected.size() - rows));
        if (reachedTop && chat.scroll() > end) {
            // Home scrolls "as far as there is": remember how far that was, so PageDown counts from there.
            chat.scroll(end);
        }
        boolean topVisible = reachedTop && collected.size() - end <= rows;
        for (int r = 0; r < rows; r++) {
            int idx = end + (rows - 1 - r);
            int y = y0 + r;
            if (idx >= collected.size()) {
                c.fill(x, y, w, Role.NORMAL);
                continue;
            }
            Row row = collected.get(idx);
            int used = c.text(x, y, w, " ".repeat(row.indent()), Role.NORMAL);
            used += c.text(x + used, y, w - used, row.prefix(), row.prefixRole());
            c.line(x + used, y, w - used, row.text(), row.role());
        }
        return topVisible;
    }

    private List<Row> rowsOf(TranscriptLine line, int w) {
        String stamp = STAMP.format(Instant.ofEpochMilli(line.at()).atZone(zone)) + " ";
        String prefix;
        Role prefixRole;
        Role textRole;
        switch (line.kind()) {
            case CUSTOMER -> {
                prefix = line.author() + ": ";
                prefixRole = Role.CUSTOMER;
                textRole = Role.NORMAL;
            }
            case AGENT -> {
                prefix = line.author() + ": ";
                prefixRole = Role.AGENT;
                textRole = Role.NORMAL;
            }
            case NOTE -> {
                prefix = "[note] " + line.author() + ": ";
                prefixRole = Role.NOTE;
                textRole = Role.NOTE;
            }
            default -> {
                prefix = "— ";
                prefixRole = Role.EVENT;
                textRole = Role.EVENT;
            }
        }
        int indent = CellWidth.of(stamp);
        // A long name gets at most half the row, so the message always starts beside it.
        String head = stamp + clipName(TerminalText.line(prefix), Math.max(MIN_NAME_COLS, (w - indent) / 2));
        List<Row> rows = new ArrayList<>();
        String[] paragraphs = TerminalText.multiline(line.text()).split("\n", -1);
        boolean first = true;
        for (String paragraph : paragraphs) {
            int firstWidth = first ? w - CellWidth.of(head) : w - indent;
            List<String> wrapped = wrapWithFirst(paragraph, firstWidth, w - indent);
            for (String part : wrapped) {
                if (first) {
                    rows.add(new Row(part, textRole, 0, head, prefixRole));
                    first = false;
                } else {
                    rows.add(new Row(part, textRole, indent, "", textRole));
                }
            }
        }
        return rows;
    }

    private static final int MIN_NAME_COLS = 8;

    /** {@code prefix} ("name: " or "name> ") in at most {@code cols} cells: the name is clipped, the separator kept. */
    private static String clipName(String prefix, int cols) {
        if (CellWidth.of(prefix) <= cols) {
            return prefix;
        }
        String separator = prefix.substring(prefix.length() - 2);
        return CellWidth.clip(prefix.substring(0, prefix.length() - 2), cols - 2) + separator;
    }

    /** Wraps with a narrower first row (the author's name sits in front of it). */
    private static List<String> wrapWithFirst(String text, int firstWidth, int width) {
        if (firstWidth <= 0 || width <= 0) {
            return List.of(text);
        }
        List<String> first = Wrap.line(text, firstWidth);
        if (first.size() <= 1) {
            return first;
        }
        List<String> out = new ArrayList<>();
        out.add(first.get(0));
        String rest = text.substring(Math.min(text.length(), first.get(0).length())).stripLeading();
        out.addAll(Wrap.line(rest, width));
        return out;
    }

    /** The row(s) above the input: the notice (already wrapped), else typing or note mode. */
    private void drawInfo(Canvas c, List<String> notice, ChatItem chat, int x, int y, int rows, int w) {
        if (!notice.isEmpty()) {
            for (int r = 0; r < rows; r++) {
                c.line(x, y + r, w, r < notice.size() ? " " + notice.get(r) : "", Role.MARKER);
            }
        } else if (chat != null && chat.customerTyping()) {
            c.line(x, y, w, " " + chat.customerName() + " is typing…", Role.DIM);
        } else if (chat != null && chat.noteMode()) {
            c.line(x, y, w, " Note mode: internal, never sent (Esc leaves)", Role.NOTE);
        } else {
            c.fill(x, y, w, Role.NORMAL);
        }
    }

    private TerminalPosition drawInput(Canvas c, DeskModel model, ChatItem chat, int x, int y0, int w, int rows,
                                       String suggestion) {
        // A supervisor's note into a colleague's chat is typed here like any draft.
        String readOnly = canWriteNow(model, chat) ? null : readOnlyReason(model, chat);
        if (readOnly != null) {
            for (int r = 0; r < rows; r++) {
                c.fill(x, y0 + r, w, Role.NORMAL);
            }
            c.line(x, y0 + rows - 1, w, " " + readOnly, Role.DIM);
            return null;
        }
        Draft draft = chat.draft();
        String prompt = clipName((chat.noteMode() ? "[note] " : "") + TerminalText.line(chat.customerName()) + "> ",
                Math.max(MIN_NAME_COLS, w / 2));
        Role promptRole = chat.noteMode() ? Role.NOTE : Role.CUSTOMER;
        int promptCols = CellWidth.of(prompt);
        String text = draft.text();
        String[] lines = text.split("\n", -1);
        int cursorLine = text.substring(0, draft.cursor()).split("\n", -1).length - 1;
        int firstLine = Math.max(0, Math.min(cursorLine - rows + 1, lines.length - rows));
        TerminalPosition cursor = null;
        for (int r = 0; r < rows; r++) {
            int y = y0 + r;
            int li = firstLine + r;
            int used = li == 0 ? c.text(x, y, promptCols, prompt, promptRole) : c.text(x, y, promptCols, "… ", Role.DIM);
            c.fill(x + used, y, promptCols - used, Role.NORMAL);
            int room = w - promptCols - 1;
            String line = li < lines.length ? TerminalText.line(lines[li]) : "";
            int lineStart = 0;
            for (int k = 0; k < li; k++) {
                lineStart += lines[k].length() + 1;
            }
            int cursorCols = li == cursorLine ? CellWidth.of(TerminalText.line(text.substring(lineStart, draft.cursor()))) : 0;
            // Scroll a long line horizontally so the cursor stays in view.
            String visible = line;
            int shift = 0;
            if (li == cursorLine && cursorCols > room) {
                List<String> clusters = CellWidth.clusters(line);
                int drop = 0;
                while (cursorCols - shift > room && drop < clusters.size()) {
                    shift += CellWidth.ofCluster(clusters.get(drop++));
                }
                visible = String.join("", clusters.subList(drop, clusters.size()));
            }
            int written = c.text(x + promptCols, y, room, visible, Role.NORMAL);
            if (li == cursorLine && suggestion != null && draft.cursor() == text.length()) {
                written += c.text(x + promptCols + written, y, room - written, suggestion, Role.SUGGESTION);
            }
            c.fill(x + promptCols + written, y, w - promptCols - written, Role.NORMAL);
            if (li == cursorLine) {
                cursor = new TerminalPosition(x + promptCols + cursorCols - shift, y);
            }
        }
        return cursor;
    }

    /** Why the agent cannot write into this chat, or null when they can. */
    /** One's own chats, and a colleague's active chat when the user oversees the desk: where notes and transfers go. */
    public static boolean mayStepIn(DeskModel model, ChatItem chat) {
        return readOnlyReason(model, chat) == null || (model.oversees() && "active".equals(chat.state().state()));
    }

    /** Whether the input line takes text now: a message into one's own chat, a note wherever {@link #mayStepIn}. */
    public static boolean canWriteNow(DeskModel model, ChatItem chat) {
        return chat != null && (chat.noteMode() ? mayStepIn(model, chat) : readOnlyReason(model, chat) == null);
    }

    public static String readOnlyReason(DeskModel model, ChatItem chat) {
        if (chat.isClosed()) {
            return "This chat is closed (read-only).";
        }
        if (chat.section() == ChatItem.Section.QUEUED) {
            return "Queued: read-only until you accept it (Alt+Q).";
        }
        if (chat.section() != ChatItem.Section.MINE) {
            String who = chat.state().agent() == null ? "a colleague" : chat.state().agent().name();
            return "Read-only: this chat is with " + who + ".";
        }
        return null;
    }

    // ---- status bar ----------------------------------------------------------------------------------

    private void drawStatus(Canvas c, DeskModel model, int y, int w) {
        String conn = switch (model.connection()) {
            case CONNECTED -> " connected";
            case CONNECTING -> " connecting…";
            case RECONNECTING -> " reconnecting…" + (model.connectionDetail().isEmpty() ? "" : " (" + model.connectionDetail() + ")");
            case OFFLINE -> " offline" + (model.connectionDetail().isEmpty() ? "" : " (" + model.connectionDetail() + ")");
        };
        String mine = model.mineCount() + (model.cap() >= 0 ? "/" + model.cap() : "");
        int attention = model.attentionCount();
        String presence = model.available() ? " ● available " : " ○ away ";
        String counts = "│ " + mine + " chats │ queue " + model.queueLength() + " ";
        String alert = attention > 0 ? " ! " + attention + " need" + (attention == 1 ? "s" : "") + " you " : "";
        if (CellWidth.of(presence + counts + alert + conn) > w) {
            // A narrow pane (a tmux split): short forms, so the alert and the connection state stay in view.
            presence = model.available() ? " ● " : " ○ away ";
            counts = "│ " + mine + " │ q " + model.queueLength() + " ";
            alert = attention > 0 ? " !" + attention + " " : "";
        }
        int x = c.text(0, y, w, presence, Role.STATUS);
        x += c.text(x, y, w - x, counts, Role.STATUS);
        if (!alert.isEmpty()) {
            x += c.text(x, y, w - x, alert, Role.ALERT);
        }
        Role connRole = model.connection() == DeskModel.Connection.CONNECTED ? Role.STATUS : Role.ALERT;
        // The connection state matters more than the clock: on a narrow terminal the clock gives way first.
        String time = CLOCK.format(Instant.ofEpochMilli(model.now()).atZone(zone)) + " ";
        String right = " F1 help  " + time;
        if (x + CellWidth.of(conn) + CellWidth.of(right) > w) {
            right = " " + time;
        }
        if (x + CellWidth.of(conn) + CellWidth.of(right) > w) {
            right = "";
        }
        int rightCols = CellWidth.of(right);
        x += c.text(x, y, w - x - rightCols, conn, connRole);
        c.fill(x, y, w - x - rightCols, Role.STATUS);
        c.text(Math.max(x, w - rightCols), y, rightCols, right, Role.STATUS);
    }

    // ---- dialogs ---------------------------------------------------------------------------------------

    /** Draws the dialog centred; returns where its input cursor goes (null when it has no input). */
    private TerminalPosition drawDialog(Canvas c, Dialog dialog) {
        TerminalPosition cursor = null;
        List<String> body = new ArrayList<>();
        int selected = -1;
        String input = null;
        // The help takes the width it needs (its longest line fills 80 columns); others keep to three quarters.
        int w = dialog instanceof Help ? Math.min(c.width() - 4, 90)
                : Math.min(c.width() - 4, Math.max(40, Math.min(90, c.width() * 3 / 4)));
        int textCols = w - 2; // body lines are indented by two
        if (dialog instanceof Picker<?> p) {
            input = "Search: " + p.query();
            int shown = 0;
            for (Picker.Option<?> o : p.shown()) {
                if (shown++ >= 12) {
                    break;
                }
                body.add(o.label() + (o.detail().isEmpty() ? "" : "  " + o.detail()));
            }
            if (p.shown().isEmpty()) {
                body.add("(nothing matches)");
            }
            selected = Math.min(p.index(), 11);
            if (p.index() >= 12) {
                body.set(11, p.shown().get(p.index()).label());
            }
        } else if (dialog instanceof TextPrompt t) {
            input = "> " + t.draft().text();
            body.addAll(Wrap.line(t.hint(), textCols));
        } else if (dialog instanceof Confirm) {
            body.add("y: yes   n/Esc: no");
        } else if (dialog instanceof Help help) {
            int rows = Math.max(1, c.height() - 6);
            List<String> lines = help.lines();
            for (int i = Math.min(help.top(), lines.size()); i < lines.size() && body.size() < rows; i++) {
                body.addAll(hanging(lines.get(i), textCols, Help.KEYS_COLUMN));
            }
            body.subList(Math.min(rows, body.size()), body.size()).clear();
        }
        // A long title (a question, a notice naming a long customer name) wraps instead of losing its end.
        List<String> title = Wrap.line(TerminalText.line(dialog.title()), w - 2);
        int h = title.size() + body.size() + 1 + (input == null ? 0 : 1);
        int x0 = (c.width() - w) / 2;
        int y0 = Math.max(0, (c.height() - h) / 2);
        int y = y0;
        for (String row : title) {
            c.line(x0, y++, w, " " + row, Role.DIALOG_SELECTED);
        }
        if (input != null) {
            int used = c.text(x0, y, w, " " + input, Role.DIALOG);
            c.fill(x0 + used, y, w - used, Role.DIALOG);
            cursor = new TerminalPosition(x0 + Math.min(used, w - 1), y);
            y++;
        }
        for (int i = 0; i < body.size(); i++) {
            c.line(x0, y + i, w, "  " + body.get(i), i == selected ? Role.DIALOG_SELECTED : Role.DIALOG);
        }
        c.fill(x0, y + body.size(), w, Role.DIALOG);
        return cursor;
    }

    /** Wraps a help line to {@code width} cells, continuation rows under its description rather than its keys. */
    private static List<String> hanging(String line, int width, int indent) {
        if (width <= indent + 10) {
            return Wrap.line(line, width);
        }
        List<String> rows = new ArrayList<>(wrapWithFirst(line, width, width - indent));
        for (int i = 1; i < rows.size(); i++) {
            rows.set(i, " ".repeat(indent) + rows.get(i));
        }
        return rows;
    }
}
