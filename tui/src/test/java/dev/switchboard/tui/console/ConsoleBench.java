package dev.switchboard.tui.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Benchmark, not a test (run it with scripts/console-bench): a supervisor desk with 200 open chats and a
 * 10,000-line transcript on a 160×48 terminal. Measures the time from a chat-switch key to the finished
 * redraw (key decoded, model updated, frame drawn, delta refreshed), then the CPU the real loop uses while
 * idle with timers ticking.
 */
public final class ConsoleBench {
    private static final int CHATS = 200;
    private static final int BIG_TRANSCRIPT = 10_000;
    private static final int LINES_PER_OTHER_CHAT = 20;

    /** A virtual terminal whose blocking read does not hold the terminal's lock (the real loop reads on a thread). */
    static final class IdleTerminal extends DefaultVirtualTerminal {
        private final LinkedBlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();

        IdleTerminal(TerminalSize size) {
            super(size);
        }

        @Override
        public KeyStroke readInput() {
            try {
                return keys.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public KeyStroke pollInput() {
            return keys.poll();
        }

        @Override
        public void addInput(KeyStroke k) {
            keys.add(k);
        }
    }

    public static void main(String[] args) throws Exception {
        int switches = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        long idleSeconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        IdleTerminal terminal = new IdleTerminal(new TerminalSize(160, 48));
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Console console = new Console(screen, new FakeLink(), ConsoleSettings.defaults(), Clock.systemUTC());
        load(console);

        long[] nanos = new long[switches];
        char[] keys = {'1', '2', '3', '1', '9', '2'};
        for (int i = -500; i < switches; i++) {
            KeyStroke k = i % 7 == 0 ? new KeyStroke('n', true, false) : new KeyStroke(keys[Math.floorMod(i, keys.length)], false, true);
            terminal.addInput(k);
            long t0 = System.nanoTime();
            console.step();
            long t = System.nanoTime() - t0;
            if (i >= 0) {
                nanos[i] = t;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("switch key -> redraw (160x48, %d chats, %d-line transcript, %d switches):%n", CHATS,
                BIG_TRANSCRIPT, switches);
        System.out.printf("  median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(nanos[switches / 2]),
                ms(nanos[switches * 9 / 10]), ms(nanos[switches * 99 / 100]), ms(nanos[switches - 1]));

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread loop = new Thread(console::run, "console-ui");
        loop.start();
        // Let the JIT finish compiling what the switch loop warmed up, so idle means idle.
        Thread.sleep(5000);
        long uiBefore = threads.getThreadCpuTime(loop.getId());
        long processBefore = os.getProcessCpuTime();
        long wallBefore = System.nanoTime();
        Thread.sleep(idleSeconds * 1000);
        long wall = System.nanoTime() - wallBefore;
        long ui = threads.getThreadCpuTime(loop.getId()) - uiBefore;
        long process = os.getProcessCpuTime() - processBefore;
        System.out.printf("idle for %d s with timers ticking: UI thread %.3f%% of a core, whole JVM %.3f%% of a core%n",
                idleSeconds, 100.0 * ui / wall, 100.0 * process / wall);
        console.post(() -> { });
        terminal.addInput(new KeyStroke('q', true, false));
        terminal.addInput(new KeyStroke('y', false, false));
        loop.join(5000);
        screen.stopScreen();
        System.exit(0);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Signs in as a supervisor and fills the desk: chat 1 has the big transcript, every chat has a waiting customer. */
    private static void load(Console console) {
        long now = System.currentTimeMillis();
        console.listener().onConnected(new ServerFrame.Welcome(0, "agent", "s", null, 1, "bench", "sue", "Sue",
                "supervisor", 0, "store"));
        List<ServerFrame.Chat> chats = new ArrayList<>();
        long seq = 1;
        for (int i = 1; i <= CHATS; i++) {
            chats.add(new ServerFrame.Chat(seq++, Times.format(now), "c" + i, "active",
                    new ServerFrame.Customer("Customer " + i, null, Map.of("page", "/p/" + i), i % 4),
                    new ServerFrame.Agent(i % 3 == 0 ? "sue" : "agent" + (i % 50), "Agent " + (i % 50)), null,
                    Times.format(now - 120_000), Times.format(now - i * 1000L), null, null, null, null));
        }
        console.listener().onFrame(new ServerFrame.Snapshot(chats, CHATS, List.of(), 0, seq));
        for (int i = 1; i <= CHATS; i++) {
            int lines = i == 1 ? BIG_TRANSCRIPT : LINES_PER_OTHER_CHAT;
            for (int n = 0; n < lines; n++) {
                boolean customer = n % 2 == 0;
                console.listener().onFrame(new ServerFrame.Message(seq++, Times.format(now - (lines - n) * 1000L),
                        "c" + i, "m" + seq, new ServerFrame.From(customer ? "customer" : "agent",
                        customer ? "Customer " + i : "Sue", customer ? null : "sue"),
                        "Message " + n + " in chat " + i + ": a sentence long enough to wrap at least once on a"
                                + " narrow terminal, with 中文 and an emoji 😀 now and then.", null, null));
            }
        }
        console.step();
    }
}
