package dev.switchboard.tui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import dev.switchboard.client.ClientListener;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.tui.console.dialog.Dialog;
import dev.switchboard.tui.console.keys.Action;
import dev.switchboard.tui.console.keys.KeyChord;
import dev.switchboard.tui.console.keys.KeyReader;
import dev.switchboard.tui.console.model.DeskModel;
import dev.switchboard.tui.console.view.Canvas;
import dev.switchboard.tui.console.view.ConsoleView;
import dev.switchboard.tui.console.view.Palette;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The agent console. Its state (the model, the screen, every dialog) is touched only by its turns
 * ({@link #turn}), one at a time: network events and key batches are queued ({@link #post}) and wake the driver,
 * a turn applies them, then redraws at most once per frame interval (bursts coalesce), and otherwise asks to be
 * woken once a second for the timers, so an idle console costs almost nothing and needs no thread of its own.
 * {@link #run} drives it on the calling thread (the standalone console); the SSH front door drives many consoles
 * from a small shared pool; tests drive it without threads through {@link #step()}.
 */
public final class Console {
    private static final int SMALLEST_COLUMNS = 40;
    private static final int SMALLEST_ROWS = 10;

    private final TerminalScreen screen;
    private final DeskModel model;
    private final ConsoleSettings settings;
    private final Clock clock;
    private final KeyReader keyReader;
    private final ConsoleView view;
    private final DeskActions actions;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

    private Dialog dialog;
    private ConsoleView.Drawn drawn = new ConsoleView.Drawn(10, true, null);
    private volatile boolean running = true;
    private volatile Runnable wakeup = () -> { };
    /** Whether turns read keys from the terminal themselves (false while {@link #run}'s reader thread does). */
    private boolean dirty = true;
    private boolean fullRedraw = true;
    private long lastDrawNanos;
    private long lastSecond = -1;
    private long lastBell = Long.MIN_VALUE;

    public Console(TerminalScreen screen, DeskLink link, ConsoleSettings settings, Clock clock) {
        this.screen = screen;
        this.settings = settings;
        this.clock = clock;
        this.model = new DeskModel(clock, settings.thresholds());
        this.keyReader = new KeyReader(clock);
        this.view = new ConsoleView(clock.getZone());
        this.actions = new DeskActions(this, model, link);
    }

    public DeskModel model() {
        return model;
    }

    public Dialog dialog() {
        return dialog;
    }

    ConsoleSettings settings() {
        return settings;
    }

    /** Page size for scrolling: the transcript rows of the last frame. */
    int transcriptRows() {
        return drawn.transcriptRows();
    }

    boolean transcriptTopVisible() {
        return drawn.transcriptTopVisible();
    }

    /** Runs {@code task} on the UI thread; safe from any thread. */
    public void post(Runnable task) {
        enqueue(task);
    }

    /** Receives the client's events (on Netty threads) and hands them to the UI thread. */
    public ClientListener listener() {
        return new ClientListener() {
            @Override
            public void onFrame(ServerFrame frame) {
                post(() -> model.apply(frame));
            }

            @Override
            public void onConnected(ServerFrame.Welcome welcome) {
                post(() -> actions.connected(welcome));
            }

            @Override
            public void onDisconnected(String reason, boolean willRetry) {
                post(() -> model.disconnected(reason, willRetry));
            }

            @Override
            public void onStoreChanged() {
                post(() -> {
                    dialog = null; // it was about a chat of the old database
                    model.storeChanged();
                });
            }
        };
    }

    void open(Dialog d) {
        dialog = d;
    }

    void quit() {
        running = false;
        enqueue((Runnable) () -> { });
    }

    public boolean isRunning() {
        return running;
    }

    void redrawAll() {
        fullRedraw = true;
    }

    void bell() {
        try {
            screen.getTerminal().bell();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the loop ------------------------------------------------------------------------------------

    /**
     * Who drives this console: {@code wakeup} runs (on whatever thread posted) whenever something is queued, so
     * the driver runs a {@link #turn} soon. Set once, before the first turn.
     */
    public void onWakeup(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    /**
     * One turn of the console: applies what was posted, reads the keys the terminal has ready (unless
     * {@link #run} reads them on its own thread), fires due timers and redraws when a frame is due. Returns the
     * milliseconds until the next turn is due if nothing is posted meanwhile, or -1 once the agent has quit.
     * Never blocks; callers must not run two turns of one console at once.
     */
    public long turn() {
        return turn(true);
    }

    private long turn(boolean pollKeys) {
        if (!running) {
            return -1;
        }
        process(pollKeys);
        long frameNanos = settings.frame().toNanos();
        long sinceDraw = System.nanoTime() - lastDrawNanos;
        if (running && dirty && sinceDraw >= frameNanos) {
            draw();
        }
        return running ? waitMillis(frameNanos - sinceDraw) : -1;
    }

    /**
     * Runs until the agent quits, on the calling thread, reading keys on a helper thread (for a terminal whose
     * input can only be read by blocking).
     */
    public void run() {
        Semaphore wakeups = new Semaphore(0);
        onWakeup(wakeups::release);
        Thread reader = new Thread(this::readKeys, "console-keys");
        reader.setDaemon(true);
        reader.start();
        try {
            for (long wait = turn(false); wait >= 0; wait = turn(false)) {
                wakeups.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reader.interrupt();
        }
    }

    /** Processes everything available now and redraws if anything changed. For tests and benchmarks. */
    public void step() {
        process(true);
        while (!inbox.isEmpty()) {
            process(false);
        }
        if (dirty) {
            draw();
        }
    }

    private void enqueue(Object item) {
        inbox.add(item);
        wakeup.run();
    }

    private long waitMillis(long nanosToFrame) {
        long wait = 1000 - clock.millis() % 1000;
        if (dirty) {
            wait = Math.min(wait, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanosToFrame)));
        }
        long escape = keyReader.millisUntilEscapeExpires();
        return escape >= 0 ? Math.min(wait, Math.max(1, escape)) : wait;
    }

    /** Blocks on the terminal; each read's keys travel as one batch so a paste can be told from typing. */
    private void readKeys() {
        try {
            while (running) {
                KeyStroke first = screen.readInput();
                if (first == null || first.getKeyType() == KeyType.EOF) {
                    post(this::quit);
                    return;
                }
                List<KeyStroke> batch = new ArrayList<>();
                batch.add(first);
                for (KeyStroke k = screen.pollInput(); k != null; k = screen.pollInput()) {
                    batch.add(k);
                }
                enqueue(batch);
            }
        } catch (IOException | RuntimeException e) {
            post(() -> model.disconnected("terminal input failed: " + e.getMessage(), false));
        }
    }

    private void process(boolean pollScreen) {
        for (Object o = inbox.poll(); o != null; o = inbox.poll()) {
            handle(o);
        }
        if (pollScreen) {
            List<KeyStroke> batch = new ArrayList<>();
            try {
                for (KeyStroke k = screen.pollInput(); k != null; k = screen.pollInput()) {
                    if (k.getKeyType() == KeyType.EOF) {
                        quit();
                        break;
                    }
                    batch.add(k);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!batch.isEmpty()) {
                handle(batch);
            }
        }
        KeyChord lone = keyReader.expired();
        if (lone != null) {
            key(lone, false);
            dirty = true;
        }
        if (screen.doResizeIfNecessary() != null) {
            dirty = true;
            fullRedraw = true;
        }
        long second = clock.millis() / 1000;
        if (second != lastSecond) {
            lastSecond = second;
            dirty = true;
            ringIfNeeded();
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Object item) {
        dirty = true;
        if (item instanceof Runnable task) {
            task.run();
            return;
        }
        List<KeyStroke> batch = (List<KeyStroke>) item;
        for (int i = 0; i < batch.size(); i++) {
            // Keys that arrive in one read with more text after them were pasted: Enter there is a newline.
            boolean moreFollows = i + 1 < batch.size() && batch.get(i + 1).getKeyType() == KeyType.Character
                    && !batch.get(i + 1).isAltDown() && !batch.get(i + 1).isCtrlDown();
            for (KeyChord chord : keyReader.read(batch.get(i))) {
                key(chord, moreFollows);
            }
        }
    }

    private void key(KeyChord chord, boolean pasting) {
        Action action = settings.keymap().actionFor(chord);
        if (dialog != null) {
            Dialog d = dialog;
            if (d.key(chord, action) == Dialog.Result.CLOSED && dialog == d) {
                dialog = null;
            }
            return;
        }
        actions.key(chord, action, pasting);
    }

    private void ringIfNeeded() {
        if (settings.bellEvery() == null || model.attentionCount() == 0) {
            return;
        }
        long now = clock.millis();
        if (lastBell == Long.MIN_VALUE || now - lastBell >= settings.bellEvery().toMillis()) {
            lastBell = now;
            bell();
        }
    }

    private void draw() {
        dirty = false;
        lastDrawNanos = System.nanoTime();
        TerminalSize size = screen.getTerminalSize();
        if (size.getColumns() < SMALLEST_COLUMNS || size.getRows() < SMALLEST_ROWS) {
            screen.clear();
            new Canvas(screen, settings.palette(), size.getColumns(), size.getRows())
                    .text(0, 0, size.getColumns(), "Terminal too small: need 40×10", Palette.Role.ALERT);
        } else {
            Canvas canvas = new Canvas(screen, settings.palette(), size.getColumns(), size.getRows());
            drawn = view.draw(canvas, model, dialog, actions.suggestion());
        }
        screen.setCursorPosition(drawn.cursor());
        try {
            screen.refresh(fullRedraw ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        fullRedraw = false;
    }
}
