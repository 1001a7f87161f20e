package dev.switchboard.tui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console on Lanterna's virtual terminal: keys go in, cells come out, time moves only when the test
 * says. {@link #step()} runs the UI thread's work once, synchronously.
 */
final class Headless implements AutoCloseable {
    static final long START = Times.parse("2026-03-02T09:00:00.000Z");

    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final TestClock clock;
    final Console console;
    final DeskLink link;
    private long seq = 100;

    Headless(int columns, int rows, DeskLink link, ConsoleSettings settings) {
        this(columns, rows, link, settings, new TestClock(START));
    }

    /** With a clock shared with a real server, so both agree on how long a customer has waited. */
    Headless(int columns, int rows, DeskLink link, ConsoleSettings settings, TestClock clock) {
        this.link = link;
        this.clock = clock;
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        console = new Console(screen, link, settings, clock);
    }

    Headless(int columns, int rows) {
        this(columns, rows, new FakeLink(), ConsoleSettings.defaults());
    }

    FakeLink fake() {
        return (FakeLink) link;
    }

    /** Signs in as {@code user} of {@code kind} (the fake link answers agents/canned). */
    Headless signIn(String user, String kind) {
        console.listener().onConnected(new ServerFrame.Welcome(0, "agent", "s1", null, 1, "test", user,
                Character.toUpperCase(user.charAt(0)) + user.substring(1), kind, 0, "store"));
        step();
        step();
        return this;
    }

    void frame(ServerFrame f) {
        console.listener().onFrame(f);
        step();
    }

    void step() {
        console.step();
    }

    void press(KeyStroke... keys) {
        for (KeyStroke k : keys) {
            terminal.addInput(k);
        }
        step();
    }

    void type(String text) {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        step();
    }

    static KeyStroke alt(char c) {
        return new KeyStroke(c, false, true);
    }

    static KeyStroke ctrl(char c) {
        return new KeyStroke(c, true, false);
    }

    static KeyStroke key(KeyType t) {
        return new KeyStroke(t);
    }

    long nextSeq() {
        return ++seq;
    }

    ServerFrame.Chat chat(String id, String state, String customer, String agentUser, Long waitingSinceMillis) {
        return new ServerFrame.Chat(nextSeq(), Times.format(clock.millis()), id, state,
                new ServerFrame.Customer(customer, customer.toLowerCase().replace(' ', '.') + "@example.com",
                        Map.of("page", "/pricing", "location", "Oslo, NO"), 2),
                agentUser == null ? null : new ServerFrame.Agent(agentUser, Character.toUpperCase(agentUser.charAt(0))
                        + agentUser.substring(1)), null, Times.format(START),
                waitingSinceMillis == null ? null : Times.format(waitingSinceMillis), null, null, null, null);
    }

    ServerFrame.Message message(String chat, String role, String name, String user, String text, boolean internal) {
        return new ServerFrame.Message(nextSeq(), Times.format(clock.millis()), chat, "m" + seq,
                new ServerFrame.From(role, name, user), text, internal ? Boolean.TRUE : null, null);
    }

    // ---- reading the screen ----------------------------------------------------------------------

    String row(int y) {
        StringBuilder sb = new StringBuilder();
        int columns = terminal.getTerminalSize().getColumns();
        for (int x = 0; x < columns; x++) {
            TextCharacter c = terminal.getCharacter(x, y);
            sb.append(c.getCharacterString());
            if (c.isDoubleWidth()) {
                x++;
            }
        }
        return sb.toString();
    }

    List<String> rows() {
        List<String> out = new ArrayList<>();
        for (int y = 0; y < terminal.getTerminalSize().getRows(); y++) {
            out.add(row(y));
        }
        return out;
    }

    String screenText() {
        return String.join("\n", rows());
    }

    /** The row index holding {@code text}, or -1. */
    int rowWith(String text) {
        List<String> rows = rows();
        for (int y = 0; y < rows.size(); y++) {
            if (rows.get(y).contains(text)) {
                return y;
            }
        }
        return -1;
    }

    /** Foreground colour of the first cell of {@code text} on screen. */
    TextColor colourOf(String text) {
        int y = rowWith(text);
        if (y < 0) {
            throw new AssertionError("not on screen: " + text + "\n" + screenText());
        }
        int x = row(y).indexOf(text);
        return terminal.getCharacter(x, y).getForegroundColor();
    }

    TextCharacter cell(int x, int y) {
        return terminal.getCharacter(x, y);
    }

    @Override
    public void close() throws IOException {
        screen.stopScreen();
    }
}
