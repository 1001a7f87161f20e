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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.AsyncCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only shell: the agent console for the account that logged in, signed in to the desk as an ordinary
 * protocol client (the same code path as {@code switchboard console}). It owns no thread: MINA's async streams
 * push typed bytes into a {@link TypedInput} and take output from a {@link ChannelOutput}, and the front door's
 * {@link ConsoleScheduler} runs the console's turns. It ends when the agent quits, the connection drops or a
 * turn fails; then the protocol client closes, the session's token is revoked and the channel exits.
 */
final class ConsoleShell implements AsyncCommand {
    private static final Logger log = LoggerFactory.getLogger(ConsoleShell.class);
    private static final int READ_CHUNK = 8192;

    private final SshFrontDoor door;
    private final TypedInput typed = new TypedInput();
    private final AtomicBoolean ended = new AtomicBoolean();
    private IoInputStream channelIn;
    private ChannelOutput out;
    private ChannelSession channel;
    private ExitCallback exit;
    private String user;
    private String ip;
    private volatile ConsoleScheduler.Driven driven;
    /** Taken (set to null) by whoever releases them, so a session that ends while signing in leaks neither. */
    private final AtomicReference<ConsoleTickets.Ticket> ticket = new AtomicReference<>();
    private final AtomicReference<SwitchboardClient> client = new AtomicReference<>();
    private volatile TerminalScreen screen;

    ConsoleShell(SshFrontDoor door) {
        this.door = door;
    }

    @Override
    public void setIoInputStream(IoInputStream in) {
        this.channelIn = in;
    }

    @Override
    public void setIoOutputStream(IoOutputStream out) {
        this.out = new ChannelOutput(out);
    }

    @Override
    public void setIoErrorStream(IoOutputStream err) {
    }

    // MINA hands an async command only the async streams above; these are never called.
    @Override
    public void setInputStream(InputStream in) {
    }

    @Override
    public void setOutputStream(OutputStream out) {
    }

    @Override
    public void setErrorStream(OutputStream err) {
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    /** Runs on a MINA thread: starts the sign-in and returns; nothing here waits. */
    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        if (!door.admit()) {
            ended.set(true);
            say("switchboard: too many SSH sessions; try again later");
            out.whenDrained(() -> exit.onExit(1));
            return;
        }
        this.channel = channel;
        user = channel.getSession().getUsername();
        ip = SshFrontDoor.ip(channel.getSession());
        Map<String, String> vars = env.getEnv();
        ChannelTerminal terminal = new ChannelTerminal(typed, out, number(vars.get(Environment.ENV_COLUMNS), 80),
                number(vars.get(Environment.ENV_LINES), 24));
        env.addSignalListener((ch, signal) -> {
            terminal.resize(number(env.getEnv().get(Environment.ENV_COLUMNS), 80),
                    number(env.getEnv().get(Environment.ENV_LINES), 24));
            wake();
        }, Signal.WINCH);
        readTyped();

        ConsoleSettings settings = ConsoleSettings.defaults().withPalette(Palette.fromEnvironment(vars));
        screen = new TerminalScreen(terminal);
        ClientDeskLink link = new ClientDeskLink();
        Console console = new Console(screen, link, settings, Clock.systemDefaultZone());
        // The ticket arrives on the desk's store-writer thread: the client is built on the console pool.
        door.tickets().issue(user, ip).thenComposeAsync(t -> {
            ticket.set(t);
            SwitchboardClient c = door.deskClient(Hello.staffToken(user, t.token())).listener(console.listener())
                    .reconnect(true).build();
            client.set(c);
            link.attach(c);
            return c.connect();
        }, door.consoles()::execute).orTimeout(15, TimeUnit.SECONDS).whenComplete((welcome, failure) -> door.consoles().execute(() -> {
            if (ended.get()) {
                release(); // the connection dropped while signing in: what sign-in made since is let go
            } else if (failure != null) {
                log.info("SSH console for {} did not start: {}", user, failure.toString());
                say("switchboard: cannot start the console: " + failure.getMessage());
                end(1);
            } else {
                begin(console);
            }
        }));
    }

    private void begin(Console console) {
        try {
            screen.startScreen();
        } catch (IOException | RuntimeException e) {
            end(1);
            return;
        }
        driven = door.consoles().drive(console, failure -> {
            if (failure != null) {
                log.info("SSH console for {} ended: {}", user, failure.toString());
            }
            end(failure == null ? 0 : 1);
        });
    }

    /** Pulls typed bytes from the channel as they arrive; pauses while the console has plenty unread. */
    private void readTyped() {
        channelIn.read(new ByteArrayBuffer(READ_CHUNK)).addListener(this::typed);
    }

    private void typed(IoReadFuture f) {
        if (f.getException() != null) {
            typed.end(); // EOF from the client, or the channel closed: the console sees end of input and quits
            wake();
            return;
        }
        Buffer b = f.getBuffer();
        typed.push(b.array(), b.rpos(), f.getRead());
        wake();
        typed.whenDrained(this::readTyped);
    }

    private void wake() {
        ConsoleScheduler.Driven d = driven;
        if (d != null) {
            d.wake();
        }
    }

    /** Once: closes the protocol client, restores the client's terminal, revokes the token, exits the channel. */
    private void end(int status) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        release();
        TerminalScreen s = screen;
        if (s != null) {
            try {
                s.stopScreen();
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
        }
        door.ended();
        if (out.stalled()) {
            // Its window stays shut, so neither the exit status nor a graceful close would get through: hang up.
            channel.getSession().close(true);
        } else {
            out.whenDrained(() -> exit.onExit(status));
        }
    }

    private void release() {
        SwitchboardClient c = client.getAndSet(null);
        if (c != null) {
            c.close();
        }
        ConsoleTickets.Ticket t = ticket.getAndSet(null);
        if (t != null) {
            door.tickets().revoke(t, ip);
        }
    }

    private void say(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    /** The channel closed (quit, or the connection dropped): end of input makes the console quit. */
    @Override
    public void destroy(ChannelSession channel) {
        typed.end();
        if (driven == null) {
            door.consoles().execute(() -> end(1)); // still signing in: nothing will take a turn
        } else {
            wake();
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
