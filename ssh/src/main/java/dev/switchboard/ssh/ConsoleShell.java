package dev.switchboard.ssh;

import com.googlecode.lanterna.screen.TerminalScreen;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command.Hello;
import dev.switchboard.tui.console.ClientDeskLink;
import dev.switchboard.tui.console.Console;
import dev.switchboard.tui.console.ConsoleSettings;
import dev.switchboard.tui.console.view.Palette;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only shell: the agent console for the account that logged in, over the channel's streams, signed in to
 * the desk as an ordinary protocol client (the same code path as {@code switchboard console}). One thread runs
 * the console (its key reader is a second); both end when the agent quits or the connection drops.
 */
final class ConsoleShell implements Command {
    private static final Logger log = LoggerFactory.getLogger(ConsoleShell.class);
    private final SshFrontDoor door;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private volatile Thread thread;

    ConsoleShell(SshFrontDoor door) {
        this.door = door;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        if (!door.admit()) {
            try {
                out.write("switchboard: too many SSH sessions; try again later\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // the client is gone
            }
            exit.onExit(1);
            return;
        }
        String user = channel.getSession().getUsername();
        String ip = SshFrontDoor.ip(channel.getSession());
        Map<String, String> vars = env.getEnv();
        ChannelTerminal terminal = new ChannelTerminal(in, out, number(vars.get(Environment.ENV_COLUMNS), 80),
                number(vars.get(Environment.ENV_LINES), 24));
        env.addSignalListener((ch, signal) -> terminal.resize(number(env.getEnv().get(Environment.ENV_COLUMNS), 80),
                number(env.getEnv().get(Environment.ENV_LINES), 24)), Signal.WINCH);
        Thread t = new Thread(() -> run(user, ip, vars, terminal), "ssh-console-" + user);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(String user, String ip, Map<String, String> vars, ChannelTerminal terminal) {
        int status = 1;
        ConsoleTickets.Ticket ticket = null;
        SwitchboardClient client = null;
        TerminalScreen screen = null;
        try {
            ticket = door.tickets().issue(user, ip);
            ConsoleSettings settings = ConsoleSettings.defaults().withPalette(Palette.fromEnvironment(vars));
            screen = new TerminalScreen(terminal);
            ClientDeskLink link = new ClientDeskLink();
            Console console = new Console(screen, link, settings, Clock.systemDefaultZone());
            SwitchboardClient.Builder b = SwitchboardClient.builder(door.deskHost(), door.deskPort(),
                    Hello.staffToken(user, ticket.token())).listener(console.listener()).reconnect(true);
            String local = door.nextLocalAddress();
            if (local != null) {
                b.localAddress(local);
            }
            client = b.build();
            link.attach(client);
            client.connect().get(15, TimeUnit.SECONDS);
            screen.startScreen();
            console.run();
            status = 0;
        } catch (Exception e) {
            log.info("SSH console for {} ended: {}", user, e.toString());
            try {
                out.write(("switchboard: cannot start the console: " + e.getMessage() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
        } finally {
            if (client != null) {
                client.close();
            }
            if (screen != null) {
                try {
                    screen.stopScreen();
                } catch (IOException | RuntimeException ignored) {
                    // SshChannelClosedException when the client is gone
                }
            }
            if (ticket != null) {
                door.tickets().revoke(ticket, ip);
            }
            door.ended();
            thread = null;
            exit.onExit(status);
        }
    }

    /** The channel closed (quit, or the connection dropped): end-of-input makes the console quit. */
    @Override
    public void destroy(ChannelSession channel) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static int number(String s, int fallback) {
        try {
            return s == null ? fallback : Math.max(1, Math.min(1000, Integer.parseInt(s.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
