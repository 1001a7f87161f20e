package dev.switchboard.tui.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.Failures;
import dev.switchboard.client.RequestException;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.tui.console.canned.CannedText;
import dev.switchboard.tui.console.canned.Completions;
import dev.switchboard.tui.console.canned.Placeholders;
import dev.switchboard.tui.console.dialog.Confirm;
import dev.switchboard.tui.console.dialog.Help;
import dev.switchboard.tui.console.dialog.Picker;
import dev.switchboard.tui.console.dialog.TextPrompt;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;
import dev.switchboard.tui.console.model.ChatItem;
import dev.switchboard.tui.console.model.DeskModel;
import dev.switchboard.tui.console.model.Draft;
import dev.switchboard.tui.console.model.TranscriptLine;
import dev.switchboard.tui.console.view.ConsoleView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What each key does: edits the draft, moves the selection, or talks to the server. Runs on the UI thread. */
final class DeskActions {
    /** Reasons offered when ending a chat; the server stores whichever is chosen. */
    static final List<Picker.Option<String>> CLOSE_REASONS = List.of(
            new Picker.Option<>("resolved", "the question is answered", "resolved"),
            new Picker.Option<>("no_response", "the customer stopped answering", "no_response"),
            new Picker.Option<>(Command.Close.ABUSIVE, "abusive or threatening customer", Command.Close.ABUSIVE),
            new Picker.Option<>("spam", "spam or a bot", "spam"),
            new Picker.Option<>("duplicate", "same question in another chat", "duplicate"));

    private static final Pattern SHORTCUT_AT_CURSOR = Pattern.compile("(?:^|\\s)/([\\p{L}\\p{N}_-]+)$");
    private static final int HISTORY_PAGE = 200;
    private static final int MAX_TEXT_CODE_POINTS = 8_000;

    private final Console console;
    private final DeskModel model;
    private final DeskLink link;
    private final Completions completions = new Completions();
    /** The chat the customer currently sees us typing in, so the indicator is switched off when we stop. */
    private String typingIn;

    DeskActions(Console console, DeskModel model, DeskLink link) {
        this.console = console;
        this.model = model;
        this.link = link;
    }

    /** After each (re)connect: who we are, our cap and status, the canned texts. */
    void connected(ServerFrame.Welcome welcome) {
        model.welcome(welcome);
        call(new Command.Agents(), ok -> {
            for (JsonNode a : ok.get("agents")) {
                if (a.path("user").asText().equals(model.user())) {
                    model.cap(a.path("cap").asInt(-1));
                    model.available("available".equals(a.path("status").asText()));
                }
            }
        });
        call(new Command.Canned(), ok -> {
            List<CannedText> list = new ArrayList<>();
            for (JsonNode c : ok.get("canned")) {
                list.add(new CannedText(c.path("id").asText(), c.path("shortcut").asText(), c.path("text").asText(),
                        c.hasNonNull("owner") ? c.get("owner").asText() : null));
            }
            completions.canned(list);
        });
        ChatItem open = model.selected();
        if (open != null && open.history() == ChatItem.HistoryState.LOADING) {
            open.history(ChatItem.HistoryState.NOT_LOADED);
            loadHistory(open);
        }
    }

    // ---- keys ------------------------------------------------------------------------------------------

    void key(KeyChord chord, Action action, boolean pasting) {
        ChatItem chat = model.selected();
        // A character bound to an action (? for help) is text wherever text can be typed: an agent may answer "?".
        boolean typedIntoText = chord.isTyped() && (action == null || canWriteNow(chat));
        if (typedIntoText) {
            type(String.valueOf(chord.character()));
            return;
        }
        // Only a line break marks a paste: fast typing alone must not make Enter ask for confirmation.
        if (action == Action.SEND && pasting) {
            if (writable(chat)) {
                chat.draft().insertPasted("\n");
            }
            return;
        }
        if (action != null) {
            act(action);
        }
    }

    private void act(Action action) {
        ChatItem chat = model.selected();
        int number = action.chatNumber();
        if (number > 0) {
            select(() -> model.selectPosition(number));
            return;
        }
        switch (action) {
            case NEXT_CHAT -> select(() -> model.selectNext(1));
            case PREVIOUS_CHAT -> select(() -> model.selectNext(-1));
            case MOST_URGENT -> select(() -> {
                if (!model.cycleUrgent()) {
                    model.notice("Nobody is waiting for you.");
                }
            });
            case LAST_CHAT -> select(model::selectLast);
            case ACCEPT -> accept();
            case SEND -> send();
            case NEWLINE -> edit(chat, d -> d.insert("\n"));
            case COMPLETE -> complete(chat);
            case CANNED_PICKER -> cannedPicker(chat);
            case TRANSFER -> transfer(chat);
            case END_CHAT -> endChat(chat);
            case NOTE_MODE -> noteMode(chat);
            case TOGGLE_STATUS -> toggleStatus();
            case HISTORY_PREVIOUS -> edit(chat, d -> d.recallPrevious(chat.noteMode()));
            case HISTORY_NEXT -> edit(chat, d -> d.recallNext(chat.noteMode()));
            case SCROLL_UP -> scroll(chat, console.transcriptRows() - 1);
            case SCROLL_DOWN -> scroll(chat, -(console.transcriptRows() - 1));
            case SCROLL_TOP -> scroll(chat, Integer.MAX_VALUE / 2);
            case SCROLL_BOTTOM -> {
                if (chat != null) {
                    chat.scroll(0);
                }
            }
            case CURSOR_LEFT -> edit(chat, Draft::left);
            case CURSOR_RIGHT -> edit(chat, Draft::right);
            case LINE_START -> edit(chat, Draft::home);
            case LINE_END -> edit(chat, Draft::end);
            case DELETE_BACKWARD -> edit(chat, Draft::backspace);
            case DELETE_FORWARD -> edit(chat, Draft::deleteForward);
            case CLEAR_INPUT -> edit(chat, Draft::clear);
            case CANCEL -> {
                if (chat != null) {
                    chat.noteMode(false);
                }
            }
            case HELP -> console.open(new Help(console.settings().keymap()));
            case REDRAW -> console.redrawAll();
            case QUIT -> {
                int unsent = model.sendingCount();
                console.open(new Confirm(unsent == 0 ? "Quit the console? Your chats stay assigned for the grace period."
                        : "Quit the console? " + unsent + (unsent == 1 ? " line is" : " lines are")
                        + " not sent yet and will be lost.", console::quit));
            }
            default -> throw new IllegalStateException("unhandled action " + action);
        }
    }

    // ---- moving around ---------------------------------------------------------------------------------

    private void select(Runnable move) {
        ChatItem before = model.selected();
        move.run();
        ChatItem now = model.selected();
        if (now != before) {
            stopTyping();
            if (now != null && now.history() == ChatItem.HistoryState.NOT_LOADED) {
                loadHistory(now);
            }
        }
    }

    private void loadHistory(ChatItem chat) {
        chat.history(ChatItem.HistoryState.LOADING);
        Long before = chat.olderHistory() && chat.oldestSeq() >= 0 ? chat.oldestSeq() : null;
        String id = chat.id();
        call(new Command.History(id, before, HISTORY_PAGE), ok -> model.history(id, link.events(ok), ok.get("more") != null
                && ok.get("more").asBoolean()), () -> {
            ChatItem c = model.chat(id);
            if (c != null) {
                c.history(ChatItem.HistoryState.NOT_LOADED);
            }
        });
    }

    private void scroll(ChatItem chat, int rows) {
        if (chat == null) {
            return;
        }
        if (rows > 0 && console.transcriptTopVisible() && chat.olderHistory()
                && chat.history() == ChatItem.HistoryState.LOADED) {
            loadHistory(chat);
        }
        chat.scroll(rows >= Integer.MAX_VALUE / 2 ? rows : chat.scroll() + rows);
    }

    // ---- writing ---------------------------------------------------------------------------------------

    private boolean writable(ChatItem chat) {
        return chat != null && ConsoleView.readOnlyReason(model, chat) == null;
    }

    private boolean mayStepIn(ChatItem chat) {
        return chat != null && ConsoleView.mayStepIn(model, chat);
    }

    private boolean canWriteNow(ChatItem chat) {
        return ConsoleView.canWriteNow(model, chat);
    }

    private void type(String text) {
        ChatItem chat = model.selected();
        if (!canWriteNow(chat)) {
            model.notice(chat == null ? "Open a chat first (Alt+1..9, Alt+A)." : ConsoleView.readOnlyReason(model, chat));
            return;
        }
        Draft d = chat.draft();
        boolean wasEmpty = d.isEmpty();
        d.insert(text);
        if (wasEmpty && !chat.noteMode() && writable(chat)) {
            link.send(new Command.Typing(chat.id(), true));
            typingIn = chat.id();
        }
    }

    private void edit(ChatItem chat, Consumer<Draft> change) {
        if (!canWriteNow(chat)) {
            return;
        }
        change.accept(chat.draft());
        if (chat.draft().isEmpty()) {
            stopTyping();
        }
    }

    private void stopTyping() {
        if (typingIn != null) {
            link.send(new Command.Typing(typingIn, false));
            typingIn = null;
        }
    }

    private void send() {
        ChatItem chat = model.selected();
        if (chat == null || chat.draft().text().isBlank()) {
            return;
        }
        if (!canWriteNow(chat)) {
            model.notice(ConsoleView.readOnlyReason(model, chat));
            return;
        }
        Draft d = chat.draft();
        String text = d.text();
        if (text.codePointCount(0, text.length()) > MAX_TEXT_CODE_POINTS) {
            model.notice("Too long to send: " + text.codePointCount(0, text.length()) + " characters, at most "
                    + MAX_TEXT_CODE_POINTS + ".");
            return;
        }
        if (d.isPasted() && d.isMultiline()) {
            int lines = text.split("\n", -1).length;
            String where = chat.noteMode() ? "as a note" : "to " + chat.customerName();
            console.open(new Confirm("Send these " + lines + " pasted lines " + where + "?", () -> deliver(chat, text)));
            return;
        }
        deliver(chat, text);
    }

    private void deliver(ChatItem chat, String text) {
        boolean note = chat.noteMode();
        String cid = newCid();
        chat.draft().sent(text, note);
        if (!note) {
            completions.said(text);
            stopTyping();
        }
        String id = chat.id();
        chat.sending(cid, new TranscriptLine(Long.MAX_VALUE, model.now(),
                note ? TranscriptLine.Kind.NOTE : TranscriptLine.Kind.AGENT, model.name() + " (sending…)", text));
        call(note ? new Command.Note(id, text, cid) : new Command.Say(id, text, cid), ok -> settled(id, cid), () -> {
            settled(id, cid);
            ChatItem c = model.chat(id);
            if (c != null && c.draft().isEmpty()) {
                c.draft().set(text);
            }
        });
    }

    private void settled(String chatId, String cid) {
        ChatItem c = model.chat(chatId);
        if (c != null) {
            c.settled(cid);
        }
    }

    private void noteMode(ChatItem chat) {
        if (chat == null) {
            return;
        }
        if (!chat.noteMode() && !mayStepIn(chat)) {
            model.notice(ConsoleView.readOnlyReason(model, chat));
            return;
        }
        chat.noteMode(!chat.noteMode());
    }

    // ---- canned texts ----------------------------------------------------------------------------------

    /** Placeholder values for a chat: the customer's first name, our name, their page, location and search. */
    private Map<String, String> placeholders(ChatItem chat) {
        Map<String, String> v = new HashMap<>();
        v.put(Placeholders.NAME, chat == null ? null : chat.firstName());
        v.put(Placeholders.AGENT, model.name().isBlank() ? null : model.name());
        v.put(Placeholders.PAGE, chat == null ? null : chat.context().get("page"));
        v.put(Placeholders.LOCATION, chat == null ? null : chat.context().get("location"));
        v.put(Placeholders.QUERY, chat == null ? null : chat.context().get("query"));
        return v;
    }

    private String expand(ChatItem chat, String template) {
        return Placeholders.expand(template, placeholders(chat));
    }

    /** Tab: expand a {@code /shortcut} before the cursor; else take the suggestion. */
    private void complete(ChatItem chat) {
        if (!canWriteNow(chat)) {
            return;
        }
        Draft d = chat.draft();
        if (expandShortcut(chat, d)) {
            return;
        }
        String s = suggestion();
        if (s != null) {
            d.end();
            d.insert(s);
            expandShortcut(chat, d);
        }
    }

    private boolean expandShortcut(ChatItem chat, Draft d) {
        Matcher m = SHORTCUT_AT_CURSOR.matcher(d.text().substring(0, d.cursor()));
        if (!m.find()) {
            return false;
        }
        return completions.byShortcut(m.group(1)).map(c -> {
            d.replaceBeforeCursor(m.start(1) - 1, expand(chat, c.text()));
            return true;
        }).orElse(false);
    }

    /** The grey completion shown after the cursor, or null. */
    String suggestion() {
        ChatItem chat = model.selected();
        if (chat == null || !canWriteNow(chat) || chat.draft().cursor() != chat.draft().text().length()) {
            return null;
        }
        return completions.suggest(chat.draft().text(), t -> expand(chat, t)).orElse(null);
    }

    private void cannedPicker(ChatItem chat) {
        if (!canWriteNow(chat)) {
            model.notice(chat == null ? "Open a chat first." : ConsoleView.readOnlyReason(model, chat));
            return;
        }
        List<Picker.Option<String>> options = new ArrayList<>();
        for (CannedText c : completions.canned()) {
            String text = expand(chat, c.text());
            options.add(new Picker.Option<>("/" + c.shortcut(), text, text));
        }
        console.open(new Picker<>("Canned texts (type to search, Enter inserts)", options,
                text -> chat.draft().insert(text)));
    }

    // ---- chat actions ----------------------------------------------------------------------------------

    private void accept() {
        ChatItem chat = model.selected();
        ChatItem target = chat != null && chat.section() == ChatItem.Section.QUEUED ? chat : model.queueHead();
        if (target == null) {
            model.notice("The queue is empty.");
            return;
        }
        String id = target.id();
        call(new Command.Accept(id), ok -> {
            select(() -> model.select(id));
            model.notice("Accepted " + target.customerName() + "'s chat.");
        });
    }

    private void transfer(ChatItem chat) {
        if (!mayStepIn(chat)) {
            model.notice(chat == null ? "Open a chat first." : ConsoleView.readOnlyReason(model, chat));
            return;
        }
        String id = chat.id();
        String owner = chat.state().agent() == null ? null : chat.state().agent().user();
        call(new Command.Agents(), ok -> {
            List<Picker.Option<String>> options = new ArrayList<>();
            java.util.SortedSet<String> teams = new java.util.TreeSet<>();
            for (JsonNode a : ok.get("agents")) {
                String user = a.path("user").asText();
                String kind = a.path("kind").asText();
                if (a.hasNonNull("team")) {
                    teams.add(a.get("team").asText());
                }
                boolean colleague = !user.equals(model.user()) && !user.equals(owner) && a.path("online").asBoolean()
                        && !a.path("disabled").asBoolean() && ("agent".equals(kind) || "supervisor".equals(kind));
                if (colleague) {
                    options.add(new Picker.Option<>(a.path("name").asText(user) + " (" + user + ")",
                            a.path("status").asText() + ", " + a.path("active").asInt() + "/" + a.path("cap").asInt()
                                    + (a.hasNonNull("team") ? ", " + a.get("team").asText() : ""), user));
                }
            }
            if (model.oversees() && !model.user().equals(owner)) {
                // A supervisor steps in: the chat becomes theirs.
                options.add(0, new Picker.Option<>("me (" + model.user() + ")", "take the chat over", model.user()));
            }
            teams.forEach(t -> options.add(new Picker.Option<>("team " + t, "the head of " + t + "'s queue", "team:" + t)));
            options.add(new Picker.Option<>("queue", "back to the queue for anyone", "queue"));
            console.open(new Picker<>("Transfer " + chat.customerName() + " to…", options, to ->
                    console.open(new TextPrompt("Note for " + to + " (optional)",
                            "Enter transfers, Esc cancels. The note is internal.",
                            note -> call(new Command.Transfer(id, to, note.isEmpty() ? null : note),
                                    done -> model.notice("Transferred " + chat.customerName() + " to " + to + ".")),
                            null))));
        });
    }

    private void endChat(ChatItem chat) {
        if (chat == null || chat.isClosed() || !(writable(chat) || model.oversees())) {
            model.notice(chat == null ? "Open a chat first." : ConsoleView.readOnlyReason(model, chat));
            return;
        }
        String id = chat.id();
        console.open(new Picker<>("End the chat with " + chat.customerName() + ": why?", CLOSE_REASONS, reason ->
                console.open(new TextPrompt("Parting message to " + chat.customerName() + " (optional)",
                        "Type it or /shortcut + Tab for a canned one; Enter ends the chat, Esc cancels.",
                        text -> call(new Command.Close(id, reason, text.isEmpty() ? null : text, newCid()),
                                ok -> model.notice("Chat with " + chat.customerName() + " ended (" + reason + ").")),
                        d -> expandShortcut(chat, d)))));
    }

    private void toggleStatus() {
        String next = model.available() ? "away" : "available";
        call(new Command.Status(next), ok -> model.available("available".equals(next)));
    }

    // ---- requests --------------------------------------------------------------------------------------

    private void call(Command command, Consumer<ServerFrame.Ok> onOk) {
        call(command, onOk, () -> { });
    }

    /** Sends a request; the outcome is handled back on the UI thread, errors become a notice. */
    private void call(Command command, Consumer<ServerFrame.Ok> onOk, Runnable onError) {
        CompletableFuture<ServerFrame.Ok> f = link.request(command);
        f.whenComplete((ok, error) -> console.post(() -> {
            if (error == null) {
                onOk.accept(ok);
            } else {
                Throwable cause = Failures.cause(error);
                String why = cause instanceof RequestException r ? r.getMessage() : String.valueOf(cause.getMessage());
                model.notice("Not done: " + why);
                onError.run();
            }
        }));
    }

    private static String newCid() {
        return UUID.randomUUID().toString();
    }
}
