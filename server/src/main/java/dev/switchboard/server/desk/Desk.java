package dev.switchboard.server.desk;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.accounts.Kind;
import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.store.AccountRow;
import dev.switchboard.server.store.ChatRow;
import dev.switchboard.server.store.DerivedChatEvents;
import dev.switchboard.server.store.EventRow;
import dev.switchboard.server.store.Store;
import dev.switchboard.server.store.StoreWriter;
import dev.switchboard.server.store.Writes;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desk: one thread that owns chats, the queue, routing and presence (DESIGN invariant 3). It takes tasks
 * from its inbox in batches, applies them in memory and records the rows they write; its {@link StoreWriter}
 * commits each batch in one transaction (group commit) while the desk applies the next one, and only then
 * answers and fans out the batch (invariant 1). A failed commit answers its batch, and every batch applied on
 * top of it, {@code unavailable}, sends nothing else, and the desk reloads its state from the store.
 */
public final class Desk implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Desk.class);
    static final String SERVER = "switchboard/0.1.0";

    private final Store store;
    private final StoreWriter writer;
    final DeskConfig config;
    final Clock clock;
    final Codec codec;
    private final BlockingQueue<DeskTask> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** How long a stopping desk keeps applying what is already in its inbox (SIGTERM drain). */
    private static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(10);
    private volatile long stopBy;
    private final ChatCommands chatCommands = new ChatCommands(this);
    private final AdminCommands adminCommands = new AdminCommands(this);
    final Routing routing = new Routing(this);
    final QueueUpdates queueUpdates = new QueueUpdates(this);
    final SlaTracker sla = new SlaTracker(this);
    final IdleClosePolicy idle = new IdleClosePolicy(this);
    final AbusePolicy abuse = new AbusePolicy(this);
    final ReturningCustomers returning = new ReturningCustomers(this);
    private final PolicySweep sweep = new PolicySweep(this, sla, idle);

    // ---- state (desk thread only) --------------------------------------------------------------
    final Map<String, ChatState> chats = new HashMap<>();
    final TreeSet<ChatState> queue = new TreeSet<>(Comparator
            .comparingInt((ChatState c) -> -c.queuePriority)
            .thenComparingLong(c -> c.queuedAt)
            .thenComparingLong(c -> c.no));
    final Map<String, AgentState> agents = new HashMap<>();
    final Map<Long, Set<Peer>> customers = new HashMap<>();
    final Set<Peer> staffSessions = new LinkedHashSet<>();
    private final Map<Long, Integer> openPerCustomer = new HashMap<>();
    private final Map<String, Integer> openPerIp = new HashMap<>();
    long lastSeq;
    long lastCustomerId;
    long lastAuditId;
    long lastObjectId;
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::due));
    // The batch being applied: what it sends, answers if it fails, runs once committed, and writes.
    private Outbox outbox = new Outbox();
    private List<Runnable> failures = new ArrayList<>();
    private List<Runnable> afterCommit = new ArrayList<>();
    private Writes writes = new Writes();
    private boolean queueMoved;
    private long now;

    private record Timer(long due, TimerAction action) {
    }

    @FunctionalInterface
    interface TimerAction {
        void run() throws SQLException;
    }

    public Desk(Store store, DeskConfig config, Clock clock, Codec codec) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.codec = codec;
        this.writer = new StoreWriter(store);
        this.thread = new Thread(this::run, "switchboard-desk");
    }

    /** Loads state from the store and starts the desk thread. */
    public void start() {
        try {
            load();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load the desk from the store: " + e.getMessage(), e);
        }
        schedule(clock.millis() + PolicySweep.EVERY_MILLIS, sweep::run);
        writer.start();
        thread.start();
    }

    public void submit(DeskTask task) {
        inbox.add(task);
    }

    /** Wakes the desk to re-check its timers (after moving an injected clock). */
    public void tick() {
        submit(new DeskTask.Tick());
    }

    public long inboxSize() {
        return inbox.size();
    }

    /** Stops taking tasks after those already queued are applied and committed. */
    @Override
    public void close() {
        stopBy = System.nanoTime() + DRAIN.toNanos();
        running = false;
        inbox.add(new DeskTask.Tick());
        try {
            // The loop stops at a batch boundary: when the inbox is drained, or at the drain deadline.
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    // ---- the loop ------------------------------------------------------------------------------

    private void run() {
        List<DeskTask> batch = new ArrayList<>(config.batchLimit());
        while (true) {
            try {
                DeskTask first = inbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch, config.batchLimit() - 1);
                }
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("desk batch failed", e);
            } finally {
                batch.clear();
            }
            if (!running && (inbox.isEmpty() || System.nanoTime() > stopBy)) {
                if (!inbox.isEmpty()) {
                    log.warn("stopping with {} commands unapplied (none of them was acknowledged)", inbox.size());
                }
                return;
            }
        }
    }

    private long waitMillis() {
        Timer next = timers.peek();
        if (next == null) {
            return 1000;
        }
        return Math.max(1, Math.min(1000, next.due() - clock.millis()));
    }

    private void runBatch(List<DeskTask> batch) throws InterruptedException {
        if (writer.failing()) {
            recover();
        }
        now = clock.millis();
        Outbox out = outbox = new Outbox();
        List<Runnable> failed = failures = new ArrayList<>();
        List<Runnable> after = afterCommit = new ArrayList<>();
        writes = new Writes();
        try {
            for (DeskTask task : batch) {
                apply(task);
            }
            runDueTimers();
        } catch (SQLException | RuntimeException e) {
            log.error("batch failed; answering it unavailable and reloading from the store", e);
            writer.awaitIdle();
            store.rollbackQuietly();
            fail(out, failed);
            recover();
            return;
        }
        writer.submit(writes, new StoreWriter.Release() {
            @Override
            public void committed() {
                out.flush();
                after.forEach(Runnable::run);
            }

            @Override
            public void failed() {
                fail(out, failed);
            }
        });
    }

    /** A batch that did not commit: its frames are dropped, its requests answered {@code unavailable}. */
    private static void fail(Outbox out, List<Runnable> failures) {
        out.clear();
        failures.forEach(Runnable::run);
        out.flush();
    }

    /** After a failed commit: once the writer is idle, reload the state from the store and commit again. */
    private void recover() throws InterruptedException {
        writer.awaitIdle();
        try {
            load();
            writer.recovered();
        } catch (SQLException e) {
            log.error("reload after a failed commit failed too; will retry with the next batch", e);
        }
    }

    private void apply(DeskTask task) throws SQLException {
        if (task instanceof DeskTask.Request r) {
            Outbox out = outbox;
            onFailure(() -> out.reply(r.peer(), error(r.id(), ErrorCode.UNAVAILABLE, "the store is unavailable; try again")));
            outbox.beginRequest(r.peer());
            try {
                applyRequest(r);
            } catch (ProtocolException e) {
                outbox.reply(r.peer(), error(r.id(), e.code(), e.getMessage()));
            }
        } else if (task instanceof DeskTask.AttachCustomer a) {
            onFailure(() -> a.peer().closeWith(error(a.id(), ErrorCode.UNAVAILABLE, "the store is unavailable; try again")));
            try {
                attachCustomer(a);
            } catch (ProtocolException e) {
                byte[] err = error(a.id(), e.code(), e.getMessage());
                outbox.welcome(a.peer(), () -> a.peer().closeWith(err));
            }
        } else if (task instanceof DeskTask.AttachStaff a) {
            onFailure(() -> a.peer().closeWith(error(a.id(), ErrorCode.UNAVAILABLE, "the store is unavailable; try again")));
            attachStaff(a);
        } else if (task instanceof DeskTask.Detach d) {
            detach(d.peer());
        } else if (task instanceof DeskTask.Audit a) {
            audit(a.actor(), a.action(), a.target(), a.detail(), a.ip());
        } else if (task instanceof DeskTask.FirstAdmin f) {
            onFailure(() -> f.created().completeExceptionally(new IllegalStateException("the store is unavailable")));
            adminCommands.createFirstAdmin(f.account(), f.created());
        }
        if (queueMoved) {
            publishPositions();
        }
    }

    /** Queue positions or estimates may have changed: customers hear about it once this task is applied. */
    void queueChanged() {
        queueMoved = true;
    }

    private void onFailure(Runnable r) {
        failures.add(r);
    }

    private void applyRequest(DeskTask.Request r) throws SQLException {
        Principal who = r.peer().principal();
        Command c = r.command();
        if (c instanceof Command.Idempotent w && w.cid() != null) {
            Optional<String> earlier = writer.findReply(writes, who.sender(), w.cid());
            if (earlier.isPresent()) {
                ObjectNode result = (ObjectNode) codec.parseObject(earlier.get().getBytes(StandardCharsets.UTF_8), 0,
                        earlier.get().getBytes(StandardCharsets.UTF_8).length);
                outbox.reply(r.peer(), codec.encode(new ServerFrame.Ok(r.id(), result)));
                return;
            }
        }
        if (!adminCommands.handles(c)) {
            chatCommands.apply(r.peer(), who, r.id(), c);
        } else {
            adminCommands.apply(r.peer(), who, r.id(), c, r.passwordHash());
        }
        route();
    }

    // ---- attach and detach ---------------------------------------------------------------------

    private void attachCustomer(DeskTask.AttachCustomer a) throws SQLException {
        Command.Hello h = a.hello();
        Peer peer = a.peer();
        long customerId;
        String token = null;
        String name;
        Bans.check(store(), now, null, peer.remoteIp());
        if (h.resume() != null) {
            Optional<Object[]> found = store().queryWriter(c -> Store.one(c,
                    "SELECT id, name FROM customers WHERE token_hash = ?",
                    rs -> new Object[] {rs.getLong("id"), rs.getString("name")}, Passwords.tokenHash(h.resume())));
            if (found.isEmpty()) {
                throw new ProtocolException(ErrorCode.AUTH_FAILED, "unknown resume token; connect without 'resume' to start afresh");
            }
            customerId = (Long) found.get()[0];
            name = (String) found.get()[1];
            token = h.resume();
            Bans.check(store(), now, customerId, null);
        } else {
            customerId = ++lastCustomerId;
            token = Passwords.randomSecret();
            name = h.name() != null ? h.name() : Command.Hello.ANONYMOUS_CUSTOMER;
            store().update("INSERT INTO customers (id, token_hash, name, email, created_at) VALUES (?,?,?,?,?)",
                    customerId, Passwords.tokenHash(token), name, h.email(), now);
        }
        Principal p = Principal.customer(customerId, name);
        peer.attach(p);
        customers.computeIfAbsent(customerId, k -> new LinkedHashSet<>()).add(peer);
        ServerFrame.Welcome w = new ServerFrame.Welcome(a.id(), "customer", sessionId(), token, 1, SERVER, null, name,
                "customer", lastSeq, store.storeId());
        byte[] welcome = codec.encode(w);
        long seq = lastSeq;
        outbox.welcome(peer, () -> peer.welcomed(p, welcome, seq, h.after(), null));
    }

    private void attachStaff(DeskTask.AttachStaff a) {
        AgentState agent = agents.computeIfAbsent(a.account().username(), u -> new AgentState(a.account()));
        Peer peer = a.peer();
        if (agent.account.disabled()) {
            byte[] err = error(a.id(), ErrorCode.AUTH_FAILED, "this account is disabled");
            outbox.welcome(peer, () -> peer.closeWith(err));
            return;
        }
        // The first sign-in since the server started makes an agent available, also one whose chats a restart
        // kept for her through the grace period; later sign-ins keep the status she chose.
        if (agent.sessions.isEmpty() && !agent.everOnline) {
            agent.available = agent.kind() == Kind.AGENT || agent.kind() == Kind.BOT;
            agent.everOnline = true;
        }
        agent.sessions.add(peer);
        agent.droppedAt = null;
        staffSessions.add(peer);
        Principal p = Principal.staff(agent.kind(), agent.user(), agent.account.displayName());
        peer.attach(p);
        ServerFrame.Welcome w = new ServerFrame.Welcome(a.id(), "agent", sessionId(), null, 1, SERVER, agent.user(),
                agent.account.displayName(), agent.kind().wire(), lastSeq, store.storeId());
        byte[] welcome = codec.encode(w);
        byte[] snapshot = snapshot(p);
        long seq = lastSeq;
        outbox.welcome(peer, () -> peer.welcomed(p, welcome, seq, a.hello().after(), snapshot));
        try {
            route();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void detach(Peer peer) {
        Principal p = peer.principal();
        if (p == null) {
            return;
        }
        if (p.isCustomer()) {
            Set<Peer> set = customers.get(p.customerId());
            if (set != null) {
                set.remove(peer);
                if (set.isEmpty()) {
                    customers.remove(p.customerId());
                    chatCommands.customerGone(p);
                }
            }
            return;
        }
        staffSessions.remove(peer);
        AgentState agent = agents.get(p.user());
        if (agent == null || !agent.sessions.remove(peer) || agent.online()) {
            return;
        }
        agent.droppedAt = now;
        long droppedAt = now;
        schedule(now + config.grace().toMillis(), () -> graceExpired(agent, droppedAt));
    }

    /** A dropped agent did not come back in time: their chats return to the head of the queue. */
    private void graceExpired(AgentState agent, long droppedAt) throws SQLException {
        if (agent.online() || agent.droppedAt == null || agent.droppedAt != droppedAt) {
            return;
        }
        agent.droppedAt = null;
        for (String chatId : List.copyOf(agent.chats)) {
            ChatState c = chats.get(chatId);
            if (c != null) {
                requeue(c, "agent_offline");
            }
        }
        route();
    }

    // ---- helpers shared by the command classes -------------------------------------------------

    long now() {
        return now;
    }

    /**
     * The store's writer connection, for reads that must see this batch's rows and for one-off statements:
     * waits for the batches being committed (so it is rare on hot paths), then writes this batch's rows so far.
     */
    Store store() throws SQLException {
        try {
            return writer.claim(writes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store writer", e);
        }
    }

    void ok(Peer peer, Object id, ObjectNode result, String cid) throws SQLException {
        if (cid != null) {
            byte[] json = codec.line(result);
            writes.reply(peer.principal().sender(), cid, new String(json, 0, json.length - 1, StandardCharsets.UTF_8));
        }
        outbox.reply(peer, codec.encode(new ServerFrame.Ok(id, result)));
    }

    /** Records an audit entry in the current batch. */
    void audit(String actor, String action, String target, String detail, String ip) throws SQLException {
        store().update("INSERT INTO audit (id, at, actor, action, target, detail, ip) VALUES (?,?,?,?,?,?,?)",
                ++lastAuditId, now, actor, action, target, detail, ip);
    }

    /** Runs after this batch commits (never if it fails). */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void reply(Peer peer, byte[] frame) {
        outbox.reply(peer, frame);
    }

    byte[] error(Object id, ErrorCode code, String message) {
        return codec.encode(new ServerFrame.Error(id, code.wire(), message));
    }

    ObjectNode result() {
        return codec.object();
    }

    void schedule(long due, TimerAction action) {
        timers.add(new Timer(due, action));
    }

    private void runDueTimers() throws SQLException {
        while (!timers.isEmpty() && timers.peek().due() <= now) {
            timers.poll().action().run();
            if (queueMoved) {
                publishPositions();
            }
        }
    }

    /** Emits a chat event for {@code c}'s current state and saves its projection. Returns the seq. */
    long emitChat(ChatState c, int reach, String prevAgent, Principal sender, String cid) throws SQLException {
        return emitChat(c, chatFrame(c, lastSeq + 1, now), reach, prevAgent, sender, cid);
    }

    /** {@link #emitChat} of a frame already made for the next seq. */
    private long emitChat(ChatState c, ServerFrame.Chat frame, int reach, String prevAgent, Principal sender, String cid)
            throws SQLException {
        lastSeq = frame.seq();
        emit(frame, frame.withCid(cid), c, "chat", reach, prevAgent, false, sender, cid);
        c.storedChatSeq = frame.seq();
        chatSent(c, frame);
        return frame.seq();
    }

    /**
     * Emits the chat event announcing that the message just emitted ({@code messageSeq}) started or ended the
     * customer's wait. When nothing else changed since the chat's last chat event, the event is sent as usual but
     * stored only as a mark on the message's row ({@link DerivedChatEvents}): half the rows a conversation writes.
     */
    void emitWaitChange(ChatState c, long messageSeq) throws SQLException {
        long seq = lastSeq + 1;
        String at = Times.format(now);
        boolean waiting = c.waitingSince != null;
        ServerFrame.Chat frame = chatFrame(c, seq, now);
        // Derivable: the message is the event just before, the chat was announced in this run (so its last stored
        // chat event is known), a wait starts at the message itself, and nothing but the wait changed.
        boolean derivable = messageSeq == lastSeq && c.lastChatFrame != null && (!waiting || c.waitingSince == now)
                && frame.equals(DerivedChatEvents.frame(c.lastChatFrame, messageSeq, at, waiting));
        EventRow message = derivable
                ? writes.markWaitChange(messageSeq, new EventRow.WaitChange(waiting, c.storedChatSeq)) : null;
        if (message == null) {
            emitChat(c, frame, EventRow.PARTIES, null, null, null);
            return;
        }
        lastSeq = seq;
        byte[] line = codec.encode(frame);
        send(DerivedChatEvents.row(message, null), line, line);
        chatSent(c, frame);
    }

    private void chatSent(ChatState c, ServerFrame.Chat frame) {
        c.lastChatSeq = frame.seq();
        c.lastChatAt = now;
        c.lastChatFrame = frame;
        writes.chat(c.row());
    }

    /** Emits a message event. Returns its seq (the message id is {@code m<seq>}). */
    long emitMessage(ChatState c, ServerFrame.From from, String text, boolean internal, Principal sender, String cid,
                     String prevAgent) throws SQLException {
        return message(c, from, text, internal, sender, cid, prevAgent, false);
    }

    /**
     * A message the desk writes by itself (role {@code system}, marked automatic); {@code internal}: staff only;
     * {@code prevAgent}: an agent who just lost the chat and should read it too.
     */
    long emitSystemMessage(ChatState c, String text, boolean internal, String prevAgent) throws SQLException {
        return message(c, new ServerFrame.From("system", config.systemName(), null), text, internal, null, null,
                prevAgent, true);
    }

    private long message(ChatState c, ServerFrame.From from, String text, boolean internal, Principal sender,
                         String cid, String prevAgent, boolean automatic) throws SQLException {
        long seq = ++lastSeq;
        ServerFrame.Message frame = new ServerFrame.Message(seq, Times.format(now), c.id, "m" + seq, from, text,
                internal ? Boolean.TRUE : null, null, automatic ? Boolean.TRUE : null);
        emit(frame, frame.withCid(cid), c, "message", EventRow.PARTIES, prevAgent, internal, sender, cid);
        return seq;
    }

    /** A service-level target of {@code c} was missed: staff only (the assigned agent and overseers). */
    void emitBreach(ChatState c, String target, long due) throws SQLException {
        long seq = ++lastSeq;
        ServerFrame.Breach frame = new ServerFrame.Breach(seq, Times.format(now), c.id, target, Times.format(due),
                c.agent, null);
        emit(frame, frame, c, "breach", EventRow.PARTIES, null, true, null, null);
    }

    /**
     * Tells the sessions of a staff member, but {@code except}, what the desk did to them; not stored (their
     * presence shows it). {@code status}: their presence, when the notice changed it.
     */
    void notice(AgentState a, Peer except, String code, String chatId, String text, String status) {
        byte[] frame = codec.encode(new ServerFrame.Notice(code, chatId, text, status));
        a.sessions.stream().filter(p -> p != except).forEach(p -> outbox.send(p, frame));
    }

    /** Saves a chat's projection when only policy bookkeeping changed (no event to send). */
    void persist(ChatState c) throws SQLException {
        writes.chat(c.row());
    }

    /** Closes a chat (any side, or the desk itself with {@code closedBy} "system"). Returns the close event's seq. */
    long closeChat(ChatState chat, String reason, String closedBy, Principal sender, String cid) throws SQLException {
        boolean wasQueued = chat.state == ChatState.State.QUEUED;
        dequeue(chat);
        chat.state = ChatState.State.CLOSED;
        chat.closedAt = now;
        chat.closeReason = reason;
        chat.closedBy = closedBy;
        chat.waitingSince = null;
        sla.closing(chat);
        if (chat.firstAssignedAt != null) {
            queueUpdates.handled(now - chat.firstAssignedAt);
            queueChanged();
        }
        long seq = emitChat(chat, wasQueued ? EventRow.ALL_STAFF : EventRow.PARTIES, null, sender, cid);
        closed(chat);
        return seq;
    }

    /** A new chat joins the desk's open chats. */
    void register(ChatState c) {
        chats.put(c.id, c);
        openPerCustomer.merge(c.customerId, 1, Integer::sum);
        if (c.ip != null) {
            openPerIp.merge(c.ip, 1, Integer::sum);
        }
    }

    /** A chat just closed: it leaves the desk (later commands on it read it from the store). */
    void closed(ChatState c) {
        if (c.agent != null && agents.containsKey(c.agent)) {
            agents.get(c.agent).chats.remove(c.id);
        }
        if (chats.remove(c.id) != null) {
            openPerCustomer.computeIfPresent(c.customerId, (k, v) -> v > 1 ? v - 1 : null);
            if (c.ip != null) {
                openPerIp.computeIfPresent(c.ip, (k, v) -> v > 1 ? v - 1 : null);
            }
        }
    }

    int openByCustomer(long customerId) {
        return openPerCustomer.getOrDefault(customerId, 0);
    }

    int openByIp(String ip) {
        return openPerIp.getOrDefault(ip, 0);
    }

    private void emit(ServerFrame.ChatEventFrame plain, ServerFrame.ChatEventFrame withCid, ChatState c, String type,
                      int reach, String prevAgent, boolean internal, Principal sender, String cid) throws SQLException {
        byte[] line = codec.encode(plain);
        EventRow row = new EventRow(plain.seq(), c.id, type, now, c.customerId, c.agent, prevAgent, reach, internal,
                sender == null ? null : sender.sender(), cid, EventRow.body(line), null);
        writes.event(row);
        send(row, line, cid == null ? line : codec.encode(withCid));
    }

    /** Sends event {@code row} to the sessions that receive it now: {@code senderLine} to its sender's own. */
    private void send(EventRow row, byte[] line, byte[] senderLine) {
        for (Peer peer : recipients(row)) {
            boolean own = row.cid() != null && peer.principal().sender().equals(row.sender());
            outbox.send(peer, own ? senderLine : line);
        }
    }

    /** The live form of {@link Audience}: the sessions that receive {@code e} now. */
    private Set<Peer> recipients(EventRow e) {
        Set<Peer> out = new LinkedHashSet<>();
        if (!e.internal()) {
            out.addAll(customers.getOrDefault(e.customerId(), Set.of()));
        }
        if (e.reach() == EventRow.CUSTOMER_ONLY) {
            return out;
        }
        if (e.reach() == EventRow.ALL_STAFF) {
            out.addAll(staffSessions);
            return out;
        }
        for (String user : new String[] {e.agent(), e.prevAgent()}) {
            AgentState a = user == null ? null : agents.get(user);
            if (a != null) {
                out.addAll(a.sessions);
            }
        }
        for (Peer p : staffSessions) {
            if (p.principal().kind().oversees()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Sends a frame that is not stored (typing) to the sessions of one side of a chat. */
    void relay(ChatState c, boolean toCustomer, byte[] frame) {
        if (toCustomer) {
            customers.getOrDefault(c.customerId, Set.of()).forEach(p -> p.deliverDroppable(frame));
        } else if (c.agent != null && agents.containsKey(c.agent)) {
            agents.get(c.agent).sessions.forEach(p -> p.deliverDroppable(frame));
        }
    }

    ServerFrame.Chat chatFrame(ChatState c, long seq, long at) {
        AgentState a = c.agent == null ? null : agents.get(c.agent);
        ServerFrame.Agent agent = c.agent == null ? null
                : new ServerFrame.Agent(c.agent, a == null ? c.agent : a.account.displayName());
        ServerFrame.Rating rating = c.rating == null ? null : new ServerFrame.Rating(c.rating, c.ratingComment);
        boolean queued = c.state == ChatState.State.QUEUED;
        return new ServerFrame.Chat(seq, Times.format(at), c.id, c.wireState(),
                new ServerFrame.Customer(c.customerName, c.customerEmail, c.context, c.earlier), agent, c.topic,
                Times.format(c.openedAt), c.waitingSince == null ? null : Times.format(c.waitingSince),
                queued ? c.lastPosition : null, c.closeReason, rating, null, c.team, c.onHold ? Boolean.TRUE : null,
                queued ? c.lastEstimate : null);
    }

    // ---- queue and routing ---------------------------------------------------------------------

    void enqueue(ChatState c, boolean head) {
        c.state = ChatState.State.QUEUED;
        c.queuedAt = now;
        c.queuePriority = head ? 1 : 0;
        if (head) {
            c.queuedAt = c.openedAt;
        }
        queue.add(c);
        queueMoved = true;
        queueUpdates.refresh(c);
    }

    void dequeue(ChatState c) {
        if (queue.remove(c)) {
            queueMoved = true;
            c.lastPosition = null;
            c.lastEstimate = null;
        }
    }

    /** After the queue moved: tell each queued customer whose position or estimate changed. */
    private void publishPositions() {
        queueMoved = false;
        try {
            queueUpdates.publish();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts an assigned chat back in the queue, at its head. */
    void requeue(ChatState c, String why) {
        String prev = c.agent;
        unassign(c);
        enqueue(c, true);
        try {
            emitChat(c, EventRow.ALL_STAFF, prev, null, null);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        log.info("chat {} back to the queue: {}", c.id, why);
    }

    void assign(ChatState c, AgentState a) throws SQLException {
        boolean wasQueued = c.state == ChatState.State.QUEUED;
        String prev = c.agent;
        dequeue(c);
        if (prev != null) {
            unassign(c);
        }
        c.state = ChatState.State.ACTIVE;
        c.agent = a.user();
        c.assignedAt = now;
        if (c.firstAssignedAt == null) {
            c.firstAssignedAt = now;
        }
        a.chats.add(c.id);
        a.lastAssignedAt = now;
        writes.chatAgent(c.id, a.user());
        emitChat(c, wasQueued ? EventRow.ALL_STAFF : EventRow.PARTIES, prev, null, null);
    }

    void unassign(ChatState c) {
        if (c.agent != null) {
            AgentState a = agents.get(c.agent);
            if (a != null) {
                a.chats.remove(c.id);
            }
            c.agent = null;
        }
        c.onHold = false;
    }

    /** Offers queued chats to agents with room (see {@link Routing}). */
    void route() throws SQLException {
        routing.route();
    }

    // ---- snapshot ------------------------------------------------------------------------------

    private byte[] snapshot(Principal p) {
        List<ServerFrame.Chat> mine = new ArrayList<>();
        for (ChatState c : chats.values()) {
            if (c.state == ChatState.State.ACTIVE && (p.kind().oversees() || p.user().equals(c.agent))) {
                mine.add(chatFrame(c, c.lastChatSeq, c.lastChatAt));
            }
        }
        mine.sort(Comparator.comparing(ServerFrame.Chat::chat));
        List<ServerFrame.Chat> queued = new ArrayList<>();
        for (ChatState c : queue) {
            if (queued.size() >= config.snapshotLimit()) {
                break;
            }
            queued.add(chatFrame(c, c.lastChatSeq, c.lastChatAt));
        }
        int chatsTotal = mine.size();
        List<ServerFrame.Chat> listed = mine.size() > config.snapshotLimit() ? mine.subList(0, config.snapshotLimit()) : mine;
        byte[] frame = codec.encode(new ServerFrame.Snapshot(listed, chatsTotal, queued, queue.size(), lastSeq));
        // Every server frame fits in the max line: shorten the lists until it does.
        while (frame.length > codec.limits().maxLineBytes() && (!listed.isEmpty() || !queued.isEmpty())) {
            if (listed.size() >= queued.size()) {
                listed = listed.subList(0, listed.size() / 2);
            } else {
                queued = queued.subList(0, queued.size() / 2);
            }
            frame = codec.encode(new ServerFrame.Snapshot(listed, chatsTotal, queued, queue.size(), lastSeq));
        }
        return frame;
    }

    // ---- loading -------------------------------------------------------------------------------

    private void load() throws SQLException {
        store.rollbackQuietly();
        chats.clear();
        queue.clear();
        openPerCustomer.clear();
        openPerIp.clear();
        Map<String, AgentState> old = new HashMap<>(agents);
        agents.clear();
        store.queryWriter(c -> {
            lastSeq = store.lastSeq(c);
            lastCustomerId = Store.one(c, "SELECT COALESCE(MAX(id), 0) AS m FROM customers", rs -> rs.getLong("m")).orElse(0L);
            lastAuditId = Store.one(c, "SELECT COALESCE(MAX(id), 0) AS m FROM audit", rs -> rs.getLong("m")).orElse(0L);
            long maxObject = 0;
            for (String table : new String[] {"canned", "bans", "tokens"}) {
                for (String id : Store.list(c, "SELECT id FROM " + table, rs -> rs.getString("id"))) {
                    try {
                        maxObject = Math.max(maxObject, Long.parseLong(id));
                    } catch (NumberFormatException ignored) {
                        // ids not made by the desk
                    }
                }
            }
            lastObjectId = maxObject;
            for (AccountRow a : Store.list(c, "SELECT * FROM accounts", Store.ACCOUNT)) {
                AgentState before = old.get(a.username());
                AgentState state = new AgentState(a);
                if (before != null) {
                    state.sessions.addAll(before.sessions);
                    state.available = before.available;
                    state.everOnline = before.everOnline;
                    state.droppedAt = before.droppedAt;
                    state.lastAssignedAt = before.lastAssignedAt;
                }
                agents.put(a.username(), state);
            }
            Map<String, Integer> earlier = new HashMap<>();
            for (Object[] r : Store.list(c, "SELECT o.id AS id, (SELECT COUNT(*) FROM chats p WHERE "
                    + ReturningCustomers.SAME_CUSTOMER + " AND p.id <> o.id AND p.opened_at <= o.opened_at) AS n"
                    + " FROM chats o WHERE o.state <> 'closed'",
                    rs -> new Object[] {rs.getString("id"), rs.getInt("n")})) {
                earlier.put((String) r[0], (Integer) r[1]);
            }
            // The row's wait state and last answer may lag its chat's events (Store saves them with the next other
            // change): each open chat takes them from its latest chat event and its staff's latest reply.
            Map<String, EventRow> latestChatEvent = Store.latestChatEventsOfOpenChats(c);
            Map<String, Long> latestReply = Store.lastRepliesOfOpenChats(c);
            for (ChatRow row : Store.list(c, "SELECT * FROM chats WHERE state <> 'closed'", Store.CHAT)) {
                ChatState s = fromRow(row, earlier.getOrDefault(row.id(), 0));
                EventRow latest = latestChatEvent.get(row.id());
                if (latest != null) {
                    s.lastChatSeq = latest.lastSeq();
                    s.lastChatAt = latest.at();
                    s.waitingSince = waitingSince(latest);
                } else {
                    s.lastChatAt = row.openedAt();
                }
                Long replied = latestReply.get(row.id());
                if (replied != null && (s.answeredAt == null || replied > s.answeredAt)) {
                    s.answeredAt = replied;
                }
                register(s);
                if (s.state == ChatState.State.QUEUED) {
                    queue.add(s);
                } else if (s.agent != null) {
                    agents.computeIfAbsent(s.agent, u -> new AgentState(new AccountRow(u, u, "agent", null, null, null,
                            true, 0))).chats.add(s.id);
                }
            }
            List<Long> newestFirst = Store.list(c, "SELECT closed_at - first_assigned_at AS h FROM chats"
                    + " WHERE closed_at IS NOT NULL AND first_assigned_at IS NOT NULL ORDER BY closed_at DESC LIMIT ?",
                    rs -> rs.getLong("h"), QueueUpdates.WINDOW);
            Collections.reverse(newestFirst);
            queueUpdates.reset(newestFirst);
            return null;
        });
        queueUpdates.refreshAll();
        // Agents who hold chats but are not connected after a (re)start get the grace period from now.
        now = clock.millis();
        for (AgentState a : agents.values()) {
            if (!a.chats.isEmpty() && !a.online()) {
                a.droppedAt = now;
                long droppedAt = now;
                schedule(now + config.grace().toMillis(), () -> graceExpired(a, droppedAt));
            }
        }
    }

    /**
     * The {@code waitingSince} a stored chat event announced, or the chat event derived from a marked message
     * ({@link DerivedChatEvents}: the wait starts at the message). Null: nobody was waiting.
     */
    private Long waitingSince(EventRow chatEvent) throws SQLException {
        if (chatEvent.waitChange() != null) {
            return chatEvent.waitChange().waiting() ? chatEvent.at() : null;
        }
        try {
            JsonNode since = codec.mapper().readTree(chatEvent.body()).path("waitingSince");
            return since.isTextual() ? Times.parse(since.asText()) : null;
        } catch (java.io.IOException e) {
            throw new SQLException("chat event " + chatEvent.seq() + " is not the JSON the desk wrote", e);
        }
    }

    ChatState fromRow(ChatRow r, int earlier) {
        Map<String, String> context = null;
        if (r.context() != null) {
            try {
                context = codec.mapper().readValue(r.context(), new TypeReference<Map<String, String>>() {
                });
            } catch (java.io.IOException e) {
                context = Map.of();
            }
        }
        long no = Long.parseLong(r.id().substring(1));
        ChatState s = new ChatState(r.id(), no, r.customerId(), r.customerName(), r.customerEmail(), context,
                r.context(), r.topic(), r.ip(), r.openedAt(), earlier);
        s.state = ChatState.State.valueOf(r.state().toUpperCase(java.util.Locale.ROOT));
        s.agent = r.agent();
        s.queuedAt = r.queuedAt() == null ? r.openedAt() : r.queuedAt();
        s.queuePriority = r.queuePriority();
        s.waitingSince = r.waitingSince();
        s.firstAssignedAt = r.firstAssignedAt();
        s.firstResponseAt = r.firstResponseAt();
        s.closedAt = r.closedAt();
        s.closeReason = r.closeReason();
        s.closedBy = r.closedBy();
        s.rating = r.rating();
        s.ratingComment = r.ratingComment();
        s.lastChatSeq = r.lastChatSeq();
        s.team = r.team();
        s.preferredAgent = r.preferredAgent();
        s.onHold = r.onHold();
        s.autoReplies = r.autoReplies();
        s.answeredAt = r.answeredAt();
        s.idleWarnedAt = r.idleWarnedAt();
        s.slaFirstResponse = r.slaFirstResponse();
        s.slaNextResponse = r.slaNextResponse();
        s.slaResolution = r.slaResolution();
        // Timers restart with the desk: a wait for the current agent counts from no earlier than the load.
        s.assignedAt = clock.millis();
        return s;
    }

    private static String sessionId() {
        return Passwords.randomSecret().substring(0, 16);
    }

    /** For tests and admin views: a JSON list of staff presence. */
    ArrayNode presence() {
        ArrayNode list = codec.mapper().createArrayNode();
        agents.values().stream().sorted(Comparator.comparing(AgentState::user)).forEach(a -> {
            ObjectNode n = list.addObject();
            n.put("user", a.user());
            n.put("name", a.account.displayName());
            n.put("kind", a.account.kind());
            n.put("online", a.online());
            n.put("status", a.available ? "available" : "away");
            n.put("active", a.chats.size());
            n.put("cap", a.cap(config.defaultCap()));
            if (a.account.team() != null) {
                n.put("team", a.account.team());
            }
            if (a.account.disabled()) {
                n.put("disabled", true);
            }
        });
        return list;
    }
}
