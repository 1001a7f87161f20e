package dev.switchboard.tui.customer;

import dev.switchboard.client.ClientListener;
import dev.switchboard.client.RequestException;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.TerminalText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The line-based customer chat. An input thread reads what the customer types, the calling thread sends it; server
 * events arrive on the client's I/O thread and are printed as they come. Everything the agent's side wrote goes
 * through {@link TerminalText} before it is printed.
 */
public final class CustomerChat implements ClientListener {
    private static final long TIMEOUT_SECONDS = 30;
    /** How long an exiting client waits for its chat's close: short, since the person pressed Ctrl+C. */
    private static final long EXIT_WAIT_SECONDS = 3;

    /** Where the conversation stands; decides what the next typed line means. */
    private enum Stage {
        BEFORE_CHAT, CHATTING, RATING, COMMENT, DONE
    }

    private final BufferedReader in;
    private final PrintWriter out;
    /** From the input thread: typed lines, then {@link #END_OF_INPUT} or the read's IOException; {@link #DONE} wakes. */
    private final BlockingQueue<Object> typed = new LinkedBlockingQueue<>();
    private static final Object END_OF_INPUT = new Object();
    private static final Object DONE = new Object();
    private volatile SwitchboardClient client;

    // Written by the I/O thread (events) and read by the input thread.
    private volatile Stage stage = Stage.BEFORE_CHAT;
    /** Completed once the closed chat event has been handled (and the stage moved on). */
    private final CompletableFuture<Void> closedSeen = new CompletableFuture<>();
    private volatile String chat;
    private volatile Integer lastPosition;
    private volatile String agentUser;
    private volatile boolean agentTyping;
    private volatile boolean everConnected;
    /** Said once per outage, not at every failed attempt to reconnect. */
    private volatile boolean toldLost;
    /** The connection is gone for good: the program ends with exit code 1. */
    private volatile boolean gaveUp;
    private volatile int score;

    public CustomerChat(BufferedReader in, PrintWriter out) {
        this.in = in;
        this.out = out;
    }

    /** Connects, chats until the chat is over (and rated), and returns the exit code. */
    public int run(SwitchboardClient.Builder builder, String where) {
        client = builder.listener(this).reconnect(true).build();
        try {
            client.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            client.close();
            print("Could not start a chat at " + where + ": " + reason(e));
            return 1;
        }
        print("Connected. Type your question and press Enter (/quit to leave, /help for help).");
        startReading();
        try {
            while (stage != Stage.DONE) {
                Object next = typed.take();
                if (next == END_OF_INPUT) {
                    break;
                }
                if (next instanceof IOException e) {
                    throw e;
                }
                if (next instanceof String line) {
                    handle(line.strip());
                }
            }
            if (stage == Stage.CHATTING) {
                leave();
            }
            return gaveUp ? 1 : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (IOException e) {
            print("Could not read your input: " + e.getMessage());
            return 1;
        } catch (RequestException e) {
            print("The chat service refused: " + e.reason());
            return 1;
        } finally {
            stage = Stage.DONE;
            client.close();
        }
    }

    /**
     * Reads typed lines on a thread of its own, so that a chat that ends from the other side (the agent closed it
     * and no rating is asked) ends the program at once instead of at the customer's next Enter. Daemon: a read
     * still blocked when the chat is over must not keep the program alive.
     */
    private void startReading() {
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    typed.add(line);
                }
                typed.add(END_OF_INPUT);
            } catch (IOException e) {
                typed.add(e);
            }
        }, "switchboard-customer-input");
        reader.setDaemon(true);
        reader.start();
    }

    private void handle(String line) {
        switch (stage) {
            case RATING -> rate(line);
            case COMMENT -> comment(line);
            default -> {
                if (line.isEmpty()) {
                    return;
                }
                if (line.equals("/help")) {
                    print("Type a message and press Enter to send it. /quit ends the chat.");
                } else if (line.equals("/quit") || line.equals("/close")) {
                    if (stage == Stage.CHATTING) {
                        leave();
                    } else {
                        stage = Stage.DONE;
                    }
                } else if (stage == Stage.BEFORE_CHAT) {
                    stage = Stage.CHATTING;
                    print("Thanks! Finding an agent for you…");
                    String id = request(new Command.Open(line, null, cid())).text("chat");
                    if (chat == null) {
                        chat = id;
                    }
                } else {
                    request(new Command.Say(chat, line, cid()));
                }
            }
        }
    }

    /**
     * The process is ending (Ctrl+C): a chat still open is closed as the customer leaving, as {@code /quit} does.
     * Left open, it would wait for an agent for good, since this client's resume token ends with it.
     */
    public void leaveAtExit() {
        String open = chat;
        SwitchboardClient c = client;
        if (stage != Stage.CHATTING || open == null || c == null || !c.isConnected()) {
            return;
        }
        try {
            c.request(leaving(open)).get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Exiting anyway; the server's idle policy closes what this could not.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The customer ends the chat; a rating is asked for when someone answered. The server answers the close
     * before it sends the closed chat event, so wait for that event before reading on.
     */
    private void leave() {
        request(leaving(chat));
        try {
            closedSeen.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish();
        }
    }

    /** The close a customer sends by leaving: /quit, end of input or Ctrl+C. */
    private Command.Close leaving(String chatId) {
        return new Command.Close(chatId, "customer left", null, cid());
    }

    private void rate(String line) {
        if (line.isEmpty() || line.equals("/quit")) {
            finish();
            return;
        }
        int n;
        try {
            n = Integer.parseInt(line);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > 5) {
            prompt("Please type a number from 1 (poor) to 5 (great), or press Enter to skip: ");
            return;
        }
        score = n;
        stage = Stage.COMMENT;
        prompt("Anything you would like to add? (Enter to skip): ");
    }

    private void comment(String line) {
        request(new Command.Rate(chat, score, line.isEmpty() ? null : line, cid()));
        print("Thank you for your rating!");
        finish();
    }

    private void finish() {
        print("Goodbye.");
        stage = Stage.DONE;
        typed.add(DONE);
    }

    // ---- events (I/O thread) -------------------------------------------------------------------

    @Override
    public void onFrame(ServerFrame frame) {
        if (frame instanceof ServerFrame.Chat c) {
            onChat(c);
        } else if (frame instanceof ServerFrame.Message m && !"customer".equals(m.from().role()) && !m.internalNote()) {
            agentTyping = false;
            print(TerminalText.line(m.from().name()) + ": " + TerminalText.multiline(m.text()));
        } else if (frame instanceof ServerFrame.Typing t && !"customer".equals(t.from().role())) {
            if (t.on() && !agentTyping) {
                print("(" + TerminalText.line(t.from().name()) + " is typing…)");
            }
            agentTyping = t.on();
        }
    }

    private void onChat(ServerFrame.Chat c) {
        if (chat == null) {
            // A customer sees only its own chats; the open's ok may still be on its way to the input thread.
            chat = c.chat();
        }
        if (!c.chat().equals(chat) || stage == Stage.DONE) {
            return;
        }
        switch (c.state()) {
            case "queued" -> {
                if (c.position() != null && !c.position().equals(lastPosition)) {
                    print(c.position() == 1 ? "You are next in the queue." : "You are number " + c.position()
                            + " in the queue.");
                }
                lastPosition = c.position();
                if (agentUser != null) {
                    agentUser = null;
                    print("You have been put back in the queue for another agent.");
                }
            }
            case "active" -> {
                lastPosition = null;
                if (c.agent() != null && !Objects.equals(c.agent().user(), agentUser)) {
                    print((agentUser == null ? "" : "You have been transferred. ")
                            + TerminalText.line(c.agent().name()) + " joined the chat.");
                    agentUser = c.agent().user();
                }
            }
            case "closed" -> {
                if (stage == Stage.CHATTING) {
                    print("The chat has ended" + (c.reason() == null ? "." : " (" + TerminalText.line(c.reason()) + ")."));
                    // No rating after an abusive close: the server refuses it.
                    if (agentUser != null && !Command.Close.ABUSIVE.equals(c.reason())) {
                        stage = Stage.RATING;
                        prompt("How would you rate this chat, from 1 (poor) to 5 (great)? Enter skips: ");
                    } else {
                        finish();
                    }
                }
                closedSeen.complete(null);
            }
            default -> {
            }
        }
    }

    @Override
    public void onConnected(ServerFrame.Welcome welcome) {
        if (everConnected) {
            print("(reconnected)");
        }
        everConnected = true;
        toldLost = false;
    }

    @Override
    public void onDisconnected(String reason, boolean willRetry) {
        if (stage == Stage.DONE || (willRetry && toldLost)) {
            return;
        }
        toldLost = true;
        print(willRetry ? "(connection lost; reconnecting…)" : "(connection lost: " + TerminalText.line(reason) + ")");
        if (!willRetry) {
            // The client gave up (refused, banned, an untrusted certificate): nothing typed could reach anyone.
            gaveUp = true;
            stage = Stage.DONE;
            typed.add(DONE);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private ServerFrame.Ok request(Command command) {
        try {
            return client.request(command).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RequestException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new RequestException(ErrorCode.UNAVAILABLE, "no answer from the server");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    /** A fresh idempotency key, so that a write resent after a reconnect is stored once. */
    private static String cid() {
        return UUID.randomUUID().toString();
    }

    private static String reason(Exception e) {
        Throwable t = e instanceof ExecutionException ? e.getCause() : e;
        return t instanceof RequestException r ? r.reason() : String.valueOf(t.getMessage());
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private void prompt(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }
}
