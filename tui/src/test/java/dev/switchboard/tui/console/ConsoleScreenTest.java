package dev.switchboard.tui.console;

import static dev.switchboard.tui.console.Headless.START;
import static dev.switchboard.tui.console.Headless.alt;
import static dev.switchboard.tui.console.Headless.ctrl;
import static dev.switchboard.tui.console.Headless.key;
import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.tui.console.dialog.Confirm;
import dev.switchboard.tui.console.dialog.Help;
import dev.switchboard.tui.console.keys.Keymap;
import dev.switchboard.tui.console.model.UrgencyThresholds;
import dev.switchboard.tui.console.view.ConsoleView;
import dev.switchboard.tui.console.view.Palette;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console on a virtual terminal: layout, keys, drafts, canned texts, colours, hostile text. */
class ConsoleScreenTest {
    private Headless h;

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    /** Alice with two chats of her own (Chris waiting since START, Dana answered) and Erin in the queue. */
    private Headless desk(int columns, int rows) {
        return desk(new Headless(columns, rows));
    }

    private Headless desk(Headless headless) {
        h = headless;
        h.signIn("alice", "agent");
        h.frame(new ServerFrame.Snapshot(List.of(
                h.chat("c1", "active", "Chris Doe", "alice", START),
                h.chat("c2", "active", "Dana", "alice", null)),
                2, List.of(h.chat("c3", "queued", "Erin", null, START + 5_000)), 1, 103));
        return h;
    }

    private void escape() {
        h.press(key(KeyType.Escape));
        h.clock.advance(Duration.ofMillis(100));
        h.step();
    }

    // ---- layout ------------------------------------------------------------------------------------

    @Test
    void onANarrowTerminalTheStatusBarShortensSoTheAlertAndConnectionStayInView() {
        desk(50, 24);
        assertThat(h.row(23)).contains("● │ 2/3 │ q 1").contains("!").contains("connected").doesNotContain("need you");
    }

    @Test
    void aNoticeTooLongForOneRowTakesTwo() {
        desk(80, 24);
        h.press(alt('1'));
        h.console.post(() -> h.console.model()
                .notice("12 new since you left: 7 from Chris Doe, 2 from staff, 1 note, 2 changes, all of it"));
        h.step();
        assertThat(h.row(20)).contains("12 new since you left: 7 from Chris Doe");
        assertThat(h.row(21)).contains("all of it");
        assertThat(h.row(22)).contains("Chris Doe>");
    }

    @Test
    void withNoChatOpenTheHintWrapsInsideItsPane() {
        desk(80, 24);
        int lw = ConsoleView.listWidth(80);
        String pane = h.rows().stream().map(r -> r.substring(lw)).collect(java.util.stream.Collectors.joining(" "));
        assertThat(pane.replaceAll("[│ ]+", " ")).contains("Alt+A the one that needs you most. F1: keys.");
    }

    @ParameterizedTest
    @CsvSource({"80,24", "160,48"})
    void layoutShowsListHeaderTranscriptInputAndStatus(int columns, int rows) {
        desk(columns, rows);
        h.press(alt('1'));
        h.frame(h.message("c1", "customer", "Chris Doe", null, "my order is late", false));

        int lw = ConsoleView.listWidth(columns);
        assertThat(h.row(0)).startsWith("Mine 2/3");
        assertThat(h.row(1)).contains(" 1").contains("Chris Doe").contains("00:00");
        assertThat(h.row(2)).contains(" 2").contains("Dana");
        assertThat(h.row(3)).startsWith("Queue 1");
        assertThat(h.row(4)).contains(" 3").contains("Erin");
        assertThat(h.cell(lw, 0).getCharacterString()).isEqualTo("│");
        assertThat(h.row(0).substring(lw + 1)).contains("Chris Doe").contains("yours").contains("2 earlier chats");
        assertThat(h.row(1).substring(lw + 1)).contains("page /pricing").contains("from Oslo, NO");
        assertThat(h.screenText()).contains("09:00 Chris Doe: my order is late");
        assertThat(h.row(rows - 2).substring(lw + 1)).startsWith("Chris Doe> ");
        assertThat(h.row(rows - 1)).contains("available").contains("2/3 chats").contains("queue 1")
                .contains("connected").contains("09:00:00");
        assertThat(h.row(rows - 1)).hasSize(columns);
    }

    @Test
    void resizeRedrawsForTheNewSize() {
        desk(80, 24);
        h.press(alt('1'));
        h.terminal.setTerminalSize(new TerminalSize(120, 30));
        h.step();
        assertThat(h.row(29)).contains("available").contains("09:00:00");
        assertThat(h.row(28).substring(ConsoleView.listWidth(120) + 1)).startsWith("Chris Doe> ");
        h.terminal.setTerminalSize(new TerminalSize(30, 8));
        h.step();
        assertThat(h.row(0)).contains("Terminal too small");
    }

    @Test
    void timersTickAndColourByUrgency() {
        desk(80, 24);
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.GREEN);
        assertThat(h.colourOf("Dana")).isEqualTo(TextColor.ANSI.DEFAULT);
        h.clock.advance(Duration.ofSeconds(9));
        h.step();
        assertThat(h.row(1)).contains("00:09");
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.GREEN);
        h.clock.advance(Duration.ofSeconds(1));
        h.step();
        assertThat(h.row(1)).contains("00:10");
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.YELLOW);
        h.clock.advance(Duration.ofSeconds(50));
        h.step();
        assertThat(h.row(1)).contains("01:00");
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.RED);
        assertThat(h.colourOf("Erin")).isEqualTo(TextColor.ANSI.YELLOW);
    }

    @Test
    void thresholdsAreConfigurable() {
        desk(new Headless(80, 24, new FakeLink(), ConsoleSettings.defaults()
                .withThresholds(UrgencyThresholds.parse("2s,4s"))));
        h.clock.advance(Duration.ofSeconds(2));
        h.step();
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.YELLOW);
        h.clock.advance(Duration.ofSeconds(2));
        h.step();
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.RED);
    }

    @Test
    void noColourKeepsEverythingDefaultColoured() {
        desk(new Headless(80, 24, new FakeLink(), ConsoleSettings.defaults().withPalette(
                Palette.fromEnvironment(java.util.Map.of("NO_COLOR", "1")))));
        h.clock.advance(Duration.ofSeconds(61));
        h.step();
        assertThat(h.colourOf("Chris Doe")).isEqualTo(TextColor.ANSI.DEFAULT);
        int y = h.rowWith("Chris Doe");
        assertThat(h.cell(h.row(y).indexOf("Chris"), y).isBold()).isTrue();
    }

    // ---- choosing chats --------------------------------------------------------------------------------

    @Test
    void altDigitsCtrlNPAndAltSlashMoveBetweenChats() {
        desk(80, 24);
        h.press(alt('2'));
        assertThat(h.console.model().selected().id()).isEqualTo("c2");
        h.press(ctrl('n'));
        assertThat(h.console.model().selected().id()).isEqualTo("c3");
        h.press(ctrl('n'));
        assertThat(h.console.model().selected().id()).isEqualTo("c1");
        h.press(ctrl('p'));
        assertThat(h.console.model().selected().id()).isEqualTo("c3");
        h.press(alt('/'));
        assertThat(h.console.model().selected().id()).isEqualTo("c1");
        h.press(alt('/'));
        assertThat(h.console.model().selected().id()).isEqualTo("c3");
        assertThat(h.fake().requests(Command.History.class)).extracting(Command.History::chat)
                .containsExactly("c2", "c3", "c1");
    }

    @Test
    void escapeThenKeyCountsAsAlt() {
        desk(80, 24);
        h.press(key(KeyType.Escape), new KeyStroke('2', false, false));
        assertThat(h.console.model().selected().id()).isEqualTo("c2");
        assertThat(h.console.model().selected().draft().text()).isEmpty();
    }

    @Test
    void altACyclesByUrgencyThenBack() {
        desk(80, 24);
        h.frame(h.chat("c2", "active", "Dana", "alice", START + 30_000));
        h.clock.advance(Duration.ofSeconds(65));
        h.press(alt('2'));
        // Chris waited 65 s (red), Erin 60 s (red), Dana 35 s (yellow).
        assertAltAVisits("c1", "c3", "c2", "c2", "c1");
    }

    @Test
    void altASkipsTheQueueWhileYouAreAtYourCap() {
        desk(80, 24);
        h.frame(h.chat("c4", "active", "Fay", "alice", START + 20_000));
        assertThat(h.row(23)).contains("3/3");
        h.clock.advance(Duration.ofSeconds(65));
        h.press(alt('2'));
        // Chris waited 65 s, Erin (queued, not acceptable at 3/3) 60 s, Fay 45 s.
        assertAltAVisits("c1", "c4", "c2");
    }

    /** Presses Alt+A once per chat given and checks that it opened that chat. */
    private void assertAltAVisits(String... chats) {
        for (String chat : chats) {
            h.press(alt('a'));
            assertThat(h.console.model().selected().id()).isEqualTo(chat);
        }
    }

    @Test
    void altQAcceptsTheSelectedQueuedChatOrTheQueueHead() {
        desk(80, 24);
        h.press(alt('q'));
        assertThat(h.fake().requests(Command.Accept.class)).extracting(Command.Accept::chat).containsExactly("c3");
        assertThat(h.console.model().selected().id()).isEqualTo("c3");
    }

    // ---- writing --------------------------------------------------------------------------------------

    @Test
    void enterSendsAltEnterAddsALineUpRecalls() {
        desk(80, 24);
        h.press(alt('1'));
        h.type("hello");
        assertThat(h.fake().sent).contains(new Command.Typing("c1", true));
        h.press(new KeyStroke('m', true, true));
        h.type("there");
        h.press(key(KeyType.Enter));
        Command.Say say = h.fake().requests(Command.Say.class).get(0);
        assertThat(say.chat()).isEqualTo("c1");
        assertThat(say.text()).isEqualTo("hello\nthere");
        assertThat(say.cid()).isNotBlank();
        assertThat(h.fake().sent).contains(new Command.Typing("c1", false));
        assertThat(h.console.model().selected().draft().text()).isEmpty();
        h.press(key(KeyType.ArrowUp));
        assertThat(h.console.model().selected().draft().text()).isEqualTo("hello\nthere");
        h.press(key(KeyType.ArrowDown));
        assertThat(h.console.model().selected().draft().text()).isEmpty();
    }

    @Test
    void draftsStayWithTheirChat() {
        desk(80, 24);
        h.press(alt('1'));
        h.type("for Chris");
        h.press(alt('2'));
        assertThat(h.row(22)).doesNotContain("for Chris");
        h.type("for Dana");
        h.press(alt('1'));
        assertThat(h.row(22)).contains("Chris Doe> for Chris");
        h.press(alt('2'));
        assertThat(h.row(22)).contains("Dana> for Dana");
    }

    @Test
    void cannedShortcutExpandsWithPlaceholdersAndFallbacks() {
        desk(80, 24);
        h.press(alt('1'));
        h.type("/greet");
        h.press(key(KeyType.Tab));
        assertThat(h.console.model().selected().draft().text()).isEqualTo("Hi Chris, I'm Alice. How can I help?");
        h.press(ctrl('u'));
        h.type("/pr");
        h.press(key(KeyType.Tab));
        assertThat(h.console.model().selected().draft().text()).isEqualTo("Our prices are on /pricing.");
        h.press(ctrl('u'));
        h.frame(h.chat("c1", "active", Command.Hello.ANONYMOUS_CUSTOMER, "alice", START));
        h.type("/greet");
        h.press(key(KeyType.Tab));
        assertThat(h.console.model().selected().draft().text()).as("a customer who gave no name is not greeted as Visitor")
                .isEqualTo("Hi there, I'm Alice. How can I help?");
    }

    @Test
    void suggestionsCompleteFromCannedTextsAndFrequentPhrases() {
        desk(80, 24);
        h.press(alt('1'));
        h.type("Thanks for");
        assertThat(h.row(22)).contains("Thanks for chatting, Chris!");
        h.press(key(KeyType.Tab));
        assertThat(h.console.model().selected().draft().text()).isEqualTo("Thanks for chatting, Chris!");
        h.press(ctrl('u'));
        for (int i = 0; i < 2; i++) {
            h.type("Let me check that order");
            h.press(key(KeyType.Enter));
        }
        h.type("Let me");
        h.press(key(KeyType.Tab));
        assertThat(h.console.model().selected().draft().text()).isEqualTo("Let me check that order");
    }

    @Test
    void ctrlKPicksCannedTextsWithIncrementalSearch() {
        desk(80, 24);
        h.press(alt('1'));
        h.press(ctrl('k'));
        assertThat(h.screenText()).contains("/greet").contains("/bye").contains("/pricing");
        h.type("x👍");
        assertThat(h.screenText()).contains("Search: x👍").doesNotContain("/bye");
        h.press(key(KeyType.Backspace));
        assertThat(h.screenText()).as("the emoji goes whole").contains("Search: x ").doesNotContain("\uFFFD");
        h.press(ctrl('u'));
        assertThat(h.screenText()).as("Ctrl+U clears the search").contains("/greet").contains("/bye")
                .doesNotContain("Search: x");
        h.type("chatt");
        assertThat(h.screenText()).contains("/bye").doesNotContain("/greet");
        h.press(key(KeyType.Enter));
        assertThat(h.console.model().selected().draft().text()).isEqualTo("Thanks for chatting, Chris!");
        assertThat(h.console.dialog()).isNull();
    }

    @Test
    void transferPicksAColleagueAndTakesANote() {
        desk(80, 24);
        h.press(alt('1'));
        h.press(alt('t'));
        assertThat(h.screenText()).contains("Bob (bob)").contains("queue").doesNotContain("Alice (alice)");
        h.type("bob");
        h.press(key(KeyType.Enter));
        h.type("VIP, be nice");
        h.press(key(KeyType.Enter));
        assertThat(h.fake().requests(Command.Transfer.class))
                .containsExactly(new Command.Transfer("c1", "bob", "VIP, be nice"));
    }

    @Test
    void transferOffersTeamsAndNeverTheChatsOwner() {
        FakeLink link = new FakeLink();
        link.answer(Command.Agents.class, c -> {
            var r = link.codec.object();
            var agents = r.putArray("agents");
            agents.addObject().put("user", "alice").put("name", "Alice").put("kind", "agent").put("online", true)
                    .put("status", "available").put("active", 1).put("cap", 3);
            agents.addObject().put("user", "bob").put("name", "Bob").put("kind", "agent").put("online", true)
                    .put("status", "available").put("active", 0).put("cap", 3).put("team", "billing");
            return r;
        });
        h = new Headless(80, 24, link, ConsoleSettings.defaults());
        h.signIn("sue", "supervisor");
        h.frame(new ServerFrame.Snapshot(List.of(h.chat("c1", "active", "Chris Doe", "alice", START)), 1, List.of(), 0, 103));
        h.press(alt('1'));
        h.press(alt('t'));
        assertThat(h.screenText()).as("a supervisor may take the chat over").contains("me (sue)")
                .contains("Bob (bob)").contains("team billing").contains("queue")
                .as("the chat's own agent is not a target").doesNotContain("Alice (alice)");
        h.type("team bil");
        h.press(key(KeyType.Enter));
        h.press(key(KeyType.Enter));
        assertThat(h.fake().requests(Command.Transfer.class)).containsExactly(new Command.Transfer("c1", "team:billing", null));
    }

    @Test
    void endChatAsksForAReasonThenAPartingMessage() {
        desk(80, 24);
        h.press(alt('1'));
        h.press(alt('e'));
        assertThat(h.screenText()).contains("resolved").contains("abusive");
        h.type("abu");
        h.press(key(KeyType.Enter));
        assertThat(h.screenText()).as("the prompt's hint wraps rather than being cut").contains("Esc cancels.");
        h.type("/bye");
        h.press(key(KeyType.Tab), key(KeyType.Enter));
        Command.Close close = h.fake().requests(Command.Close.class).get(0);
        assertThat(close.chat()).isEqualTo("c1");
        assertThat(close.reason()).isEqualTo("abusive");
        assertThat(close.text()).isEqualTo("Thanks for chatting, Chris!");
    }

    @Test
    void noteModeSendsInternalNotes() {
        desk(80, 24);
        h.press(alt('1'));
        h.press(alt('n'));
        assertThat(h.row(22)).contains("[note] Chris Doe>");
        assertThat(h.screenText()).as("the whole hint fits the pane on 80 columns")
                .contains("Note mode: internal, never sent (Esc leaves)");
        h.type("check refund");
        h.press(key(KeyType.Enter));
        assertThat(h.fake().requests(Command.Note.class)).extracting(Command.Note::text).containsExactly("check refund");
        assertThat(h.fake().requests(Command.Say.class)).isEmpty();
        escape();
        assertThat(h.console.model().selected().noteMode()).isFalse();
        h.press(key(KeyType.ArrowUp));
        assertThat(h.row(22)).as("a note is not recalled into a reply to the customer").doesNotContain("check refund");
        h.press(alt('n'));
        h.press(key(KeyType.ArrowUp));
        assertThat(h.row(22)).contains("[note] Chris Doe> check refund");
    }

    @Test
    void aLineNotYetAcknowledgedShowsAsSendingAndQuittingWarnsAboutIt() {
        desk(80, 24);
        h.press(alt('1'));
        h.fake().hold = true;
        h.type("are you still there?");
        h.press(key(KeyType.Enter));
        assertThat(h.screenText()).contains("Alice (sending…): are you still there?");
        h.press(ctrl('q'));
        assertThat(h.screenText()).contains("Quit the console? 1 line is not sent yet and will be lost.");
        escape();
        h.fake().answerHeld();
        h.step();
        assertThat(h.screenText()).doesNotContain("(sending…)");
        h.press(ctrl('q'));
        assertThat(h.screenText()).as("a long question wraps in its dialog")
                .contains("Quit the console? Your chats stay assigned for the grace").contains("period.");
    }

    @Test
    void altSTogglesAvailability() {
        desk(80, 24);
        h.press(alt('s'));
        assertThat(h.fake().requests(Command.Status.class)).containsExactly(new Command.Status("away"));
        assertThat(h.row(23)).contains("away");
        h.press(alt('s'));
        assertThat(h.row(23)).contains("available");
    }

    @Test
    void f1AndQuestionMarkShowTheKeys() {
        desk(80, 24);
        h.press(key(KeyType.F1));
        assertThat(h.console.dialog()).isInstanceOf(Help.class);
        assertThat(h.screenText()).contains("Alt+A").contains("Ctrl+K")
                .as("each description whole on 80 columns")
                .contains("Jump to the chat that needs you most; again to cycle")
                .contains("Accept the selected queued chat, or the next in the queue");
        escape();
        assertThat(h.console.dialog()).isNull();
        h.press(new KeyStroke('?', false, false));
        assertThat(h.console.dialog()).isInstanceOf(Help.class);
        escape();
        h.press(alt('1'));
        h.press(new KeyStroke('?', false, false));
        assertThat(h.console.dialog()).as("in a chat you can write in, ? is an answer").isNull();
        assertThat(h.console.model().selected().draft().text()).isEqualTo("?");
        h.press(ctrl('u'));
        h.type("why?");
        assertThat(h.console.dialog()).isNull();
        assertThat(h.console.model().selected().draft().text()).isEqualTo("why?");
    }

    @Test
    void onANarrowTerminalTheHelpWrapsDescriptionsUnderTheirColumn() {
        desk(50, 24);
        h.press(key(KeyType.F1));
        int row = h.rowWith("Jump to the chat");
        String first = h.row(row);
        int keys = first.indexOf("Alt+A");
        int descriptions = first.indexOf("Jump");
        StringBuilder description = new StringBuilder(first.substring(descriptions).strip());
        // Continuation rows: blank in the keys' column, the text under the description's start.
        for (int r = row + 1; h.row(r).substring(keys, descriptions).isBlank(); r++) {
            description.append(' ').append(h.row(r).substring(descriptions).strip());
        }
        assertThat(description.toString()).isEqualTo("Jump to the chat that needs you most; again to cycle");
    }

    @Test
    void scrollKeysMoveTheTranscript() {
        desk(80, 24);
        h.press(alt('1'));
        for (int i = 1; i <= 60; i++) {
            h.console.listener().onFrame(h.message("c1", "customer", "Chris Doe", null, "line " + i, false));
        }
        h.step();
        assertThat(h.screenText()).contains("line 60").doesNotContain("line 30\n");
        h.press(key(KeyType.PageUp));
        assertThat(h.screenText()).doesNotContain("line 60");
        h.press(key(KeyType.Home));
        assertThat(h.screenText()).contains("line 1 ");
        h.press(key(KeyType.PageDown));
        assertThat(h.screenText()).as("PageDown after Home moves down a page").doesNotContain("line 1 ")
                .doesNotContain("line 60");
        h.press(key(KeyType.End));
        assertThat(h.screenText()).contains("line 60");
    }

    @Test
    void aMultiLinePasteAsksBeforeSending() {
        desk(80, 24);
        h.press(alt('1'));
        h.press(new KeyStroke('a', false, false), key(KeyType.Enter), new KeyStroke('b', false, false),
                key(KeyType.Enter));
        assertThat(h.console.dialog()).isInstanceOf(Confirm.class);
        assertThat(h.screenText()).contains("Send these 2 pasted lines to Chris Doe?");
        h.type("y");
        assertThat(h.fake().requests(Command.Say.class)).extracting(Command.Say::text).containsExactly("a\nb");
    }

    @Test
    void ctrlQAsksBeforeQuitting() {
        desk(80, 24);
        h.press(ctrl('q'));
        assertThat(h.console.dialog()).isInstanceOf(Confirm.class);
        h.type("n");
        assertThat(h.console.isRunning()).isTrue();
        h.press(ctrl('q'));
        h.type("y");
        assertThat(h.console.isRunning()).isFalse();
    }

    @Test
    void keymapFileMovesABinding() {
        desk(new Headless(80, 24, new FakeLink(), ConsoleSettings.defaults()
                .withKeymap(Keymap.defaults().with(List.of("# mine", "accept = Alt+Z")))));
        h.press(alt('q'));
        assertThat(h.fake().requests(Command.Accept.class)).isEmpty();
        h.press(alt('z'));
        assertThat(h.fake().requests(Command.Accept.class)).hasSize(1);
    }

    // ---- what the agent sees ---------------------------------------------------------------------------

    @Test
    void customerTextIsShownNeverInterpreted() {
        desk(80, 24);
        h.press(alt('1'));
        h.frame(h.message("c1", "customer", "Chris\u001b[2J", null, "\u001b[31mred\u001b[0m \u009b1m \u202eevil", false));
        assertThat(h.screenText()).contains("^[[31mred^[[0m <U+009B>1m").contains("<U+202E>evil").contains("Chris^[[2J:");
    }

    @Test
    void wideCharactersKeepTheLayout() {
        desk(80, 24);
        h.press(alt('1'));
        h.frame(h.message("c1", "customer", "Chris Doe", null, "你好世界 😀 e\u0301 👍🏽 👨\u200d👩\u200d👧 ok", false));
        int y = h.rowWith("ok");
        int lw = ConsoleView.listWidth(80);
        assertThat(h.cell(lw, y).getCharacterString()).isEqualTo("│");
        assertThat(h.row(y)).contains("你好世界 😀 é 👍 👨 ok");
        h.type("日本");
        assertThat(h.screen.getCursorPosition().getColumn())
                .isEqualTo(lw + 1 + "Chris Doe> ".length() + 4);
    }

    @Test
    void aNameWiderThanThePaneIsClippedSoTheMessageStillShows() {
        desk(80, 24);
        h.press(alt('1'));
        String name = "Maximilian Alexander Fitzgerald-Worthington the Third of Somewhere";
        h.frame(h.chat("c1", "active", name, "alice", START));
        h.frame(h.message("c1", "customer", name, null, "I want to cancel", false));
        int y = h.rowWith("I want to cancel");
        assertThat(h.row(y)).contains("Maximilian").contains("…: I want to cancel");
        h.type("Is it ok?");
        assertThat(h.screenText()).contains("…> Is it ok?");
    }

    @Test
    void newSinceYouLeftMarkerAndSummary() {
        desk(80, 24);
        h.press(alt('1'));
        h.frame(h.message("c1", "customer", "Chris Doe", null, "first", false));
        h.press(alt('2'));
        h.frame(h.message("c1", "customer", "Chris Doe", null, "second", false));
        h.frame(h.message("c1", "agent", "Sue", "sue", "I'll help", true));
        assertThat(h.row(1)).contains(" 2 ");
        h.press(alt('1'));
        assertThat(h.screenText()).contains("new since you left").contains("2 new since you left: 1 from Chris Doe, 1 note");
        assertThat(h.rowWith("new since you left ─")).isBetween(h.rowWith("first"), h.rowWith("second"));
    }

    @Test
    void aRatingLeftAfterTheChatLeftTheListIsNoticed() {
        desk(80, 24);
        h.press(alt('1'));
        ServerFrame.Chat dana = h.chat("c2", "closed", "Dana", "alice", null);
        h.frame(dana);
        assertThat(h.screenText()).as("the closed chat left the list").doesNotContain("Dana");
        h.frame(new ServerFrame.Chat(dana.seq() + 10, dana.at(), "c2", "closed", dana.customer(), dana.agent(), null,
                dana.openedAt(), null, null, "resolved", new ServerFrame.Rating(4, "quick and kind"), null));
        assertThat(h.screenText()).contains("Dana rated the chat 4/5: quick and kind");
    }

    @Test
    void chatsOfOthersAreReadOnly() {
        h = new Headless(80, 24);
        h.signIn("sue", "supervisor");
        h.frame(new ServerFrame.Snapshot(List.of(h.chat("c1", "active", "Chris Doe", "alice", START)), 1, List.of(), 0, 103));
        assertThat(h.row(0)).startsWith("Mine 0");
        assertThat(h.screenText()).contains("Team (read-only)");
        h.press(alt('1'));
        h.type("hi");
        h.press(key(KeyType.Enter));
        assertThat(h.fake().requests(Command.Say.class)).isEmpty();
        assertThat(h.screenText()).contains("Read-only: this chat is with Alice.");
        h.press(alt('n'));
        h.type("coach: offer a refund");
        assertThat(h.row(22)).as("the note is typed in view, not blind").contains("[note] Chris Doe> coach: offer a refund");
        h.press(key(KeyType.Enter));
        assertThat(h.fake().requests(Command.Note.class)).extracting(Command.Note::text).containsExactly("coach: offer a refund");
    }

    @Test
    void newAndUrgentChatsAlertUntilHandledWithARepeatingBell() {
        desk(new Headless(80, 24, new FakeLink(), ConsoleSettings.defaults().withBell(Duration.ofSeconds(5))));
        AtomicInteger bells = new AtomicInteger();
        h.terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
            }

            @Override
            public void onBell() {
                bells.incrementAndGet();
            }

            @Override
            public void onClose() {
            }

            @Override
            public void onResized(com.googlecode.lanterna.terminal.Terminal t, TerminalSize s) {
            }
        });
        assertThat(h.row(23)).contains("! 2 need you");
        assertThat(h.row(1)).contains(" 1!");
        h.press(alt('1'));
        h.press(alt('3'));
        assertThat(h.row(23)).doesNotContain("need");
        h.clock.advance(Duration.ofSeconds(59));
        h.step();
        assertThat(h.row(23)).doesNotContain("need");
        h.clock.advance(Duration.ofSeconds(1));
        h.step();
        assertThat(h.row(23)).contains("! 1 needs you");
        int rung = bells.get();
        h.clock.advance(Duration.ofSeconds(5));
        h.step();
        assertThat(bells.get()).isGreaterThan(rung);
        h.frame(h.chat("c3", "active", "Erin", "bob", null));
        h.clock.advance(Duration.ofSeconds(60));
        h.step();
        assertThat(h.row(23)).contains("! 1 needs you");
        h.frame(h.chat("c1", "active", "Chris Doe", "alice", null));
        assertThat(h.row(23)).doesNotContain("need");
    }

    @Test
    void reconnectingIsShownInTheStatusBar() {
        desk(80, 24);
        h.console.listener().onDisconnected("closed by server", true);
        h.step();
        assertThat(h.row(23)).contains("reconnecting…");
        h.terminal.setTerminalSize(new TerminalSize(120, 24));
        h.step();
        assertThat(h.row(23)).contains("reconnecting… (closed by server)");
        h.console.listener().onConnected(new ServerFrame.Welcome(0, "agent", "s2", null, 1, "test", "alice", "Alice",
                "agent", 103, "store"));
        h.step();
        assertThat(h.row(23)).contains("connected").doesNotContain("reconnecting");
    }
}
