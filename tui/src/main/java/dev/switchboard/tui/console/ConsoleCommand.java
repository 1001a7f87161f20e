package dev.switchboard.tui.console;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import dev.switchboard.client.ServerAddress;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.TlsOptions;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Command.Hello;
import dev.switchboard.tui.console.keys.Keymap;
import dev.switchboard.tui.console.model.UrgencyThresholds;
import dev.switchboard.tui.console.view.Palette;
import dev.switchboard.tui.console.view.TerminalBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard console}: the agent's desk in the terminal. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"The agent console: your chats, the queue and the open chat side by side.",
                "Password from SWITCHBOARD_PASSWORD, a token from SWITCHBOARD_TOKEN, else asked for without echo.",
                "Press F1 inside for every key."})
public final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = ServerAddress.Converter.class,
            defaultValue = "${env:SWITCHBOARD_SERVER:-127.0.0.1:7700}",
            description = "The server (SWITCHBOARD_SERVER). Default: ${DEFAULT-VALUE}")
    ServerAddress server;

    @Mixin
    TlsOptions tls;

    @Option(names = "--user", required = true, description = "Your staff user name.")
    String user;

    @Option(names = "--keymap", description = "Keymap file (lines of 'action = Alt+X'). Default: ~/.config/switchboard/keys.conf if present")
    Path keymap;

    @Option(names = "--thresholds", defaultValue = "10s,60s",
            description = "Waits at which a row turns yellow and red. Default: ${DEFAULT-VALUE}")
    String thresholds;

    @Option(names = "--bell", description = "Ring the terminal bell every DURATION (e.g. 15s) while a chat needs you.")
    String bell;

    @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set).")
    boolean noColour;

    @Override
    public Integer call() throws Exception {
        ConsoleSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("console: " + e.getMessage());
            return 2;
        }
        Hello hello = hello();
        if (hello == null) {
            System.err.println("console: no password (set SWITCHBOARD_PASSWORD or run in a terminal)");
            return 2;
        }
        TlsTrust trust;
        try {
            trust = tls.trust(server.host(), server.port());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("console: " + e.getMessage());
            return 1;
        }
        Terminal terminal = new LocalTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        ClientDeskLink link = new ClientDeskLink();
        Console console = new Console(screen, link, settings, Clock.systemDefaultZone());
        SwitchboardClient client = SwitchboardClient.builder(server.host(), server.port(), hello)
                .tls(trust).listener(console.listener()).reconnect(true).build();
        link.attach(client);
        try {
            client.connect().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            client.close();
            System.err.println("console: cannot sign in to " + server + ": " + e.getCause().getMessage());
            return 1;
        }
        String savedTty = FlowControl.disable();
        screen.startScreen();
        try {
            console.run();
        } finally {
            client.close();
            screen.stopScreen();
            FlowControl.restore(savedTty);
        }
        return 0;
    }

    private ConsoleSettings settings() throws IOException {
        ConsoleSettings s = ConsoleSettings.defaults().withThresholds(UrgencyThresholds.parse(thresholds));
        Path keys = keymap;
        if (keys == null) {
            Path standard = Path.of(System.getProperty("user.home"), ".config", "switchboard", "keys.conf");
            keys = Files.isReadable(standard) ? standard : null;
        }
        if (keys != null) {
            s = s.withKeymap(Keymap.load(keys));
        }
        if (bell != null) {
            s = s.withBell(UrgencyThresholds.parseDuration(bell));
        }
        return s.withPalette(noColour ? Palette.noColour() : Palette.fromEnvironment(System.getenv()));
    }

    private Hello hello() {
        String token = System.getenv("SWITCHBOARD_TOKEN");
        if (token != null && !token.isEmpty()) {
            return Hello.staffToken(user, token);
        }
        String password = System.getenv("SWITCHBOARD_PASSWORD");
        if (password == null) {
            java.io.Console tty = System.console();
            if (tty == null) {
                return null;
            }
            char[] typed = tty.readPassword("Password for %s: ", user);
            password = typed == null ? null : new String(typed);
        }
        return password == null ? null : Hello.staffPassword(user, password);
    }

    /** The process's own terminal, Ctrl+C trapped (it is a key here), emoji written as themselves. */
    static final class LocalTerminal extends UnixTerminal {
        LocalTerminal() throws IOException {
            super(System.in, System.out, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);
        }

        @Override
        public void putString(String text) throws IOException {
            writeToTerminal(TerminalBytes.of(text, getCharset()));
        }
    }

    /**
     * Ctrl+S and Ctrl+Q are flow control on a tty by default and never reach the program; the console turns
     * that off while it runs (and puts the tty back as it was).
     */
    static final class FlowControl {
        private FlowControl() {
        }

        static String disable() {
            String saved = stty("-g");
            if (saved != null) {
                stty("-ixon");
            }
            return saved;
        }

        static void restore(String saved) {
            if (saved != null) {
                stty(saved.strip());
            }
        }

        private static String stty(String arg) {
            try {
                Process p = new ProcessBuilder("stty", arg).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return p.waitFor() == 0 ? out : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
