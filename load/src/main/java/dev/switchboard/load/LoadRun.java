package dev.switchboard.load;

import dev.switchboard.client.ClientListener;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One load run against a server: agents log in, customers connect and open chats (routed to the agents), then
 * customers {@code say} at the configured rate (or as fast as their in-flight window allows) and agents answer
 * every customer message. Every message carries its send time ({@code System.nanoTime()} of this process) in
 * its text, so the other side measures end-to-end latency. Idle customers only say {@code hello} and wait.
 *
 * <p>Phases: setup (bounded by {@code setupTimeout}), warm-up (nothing counted), measured window, drain (bounded
 * by {@code drainTimeout}: waits until every acknowledged message reached its agent), close. Nothing loops
 * without a bound in count or time.
 */
public final class LoadRun {
    static final String STAMP = "lg ";
    static final String REPLY = "lr ";
    private static final int CONNECTS_IN_FLIGHT = 128;

    private final LoadConfig cfg;
    private final TlsTrust tls;
    private final PrintStream log;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final String runId = Long.toString(Math.abs(new SecureRandom().nextLong()) % 1_679_616L + 1_679_616L, 36);

    private volatile boolean sending;
    private volatile boolean answering = true;

    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    /** Customer says answered with an error. */
    private final LongAdder refused = new LongAdder();
    /**
     * Which measuring window a request was sent in: answers to requests sent before the window (during warm-up)
     * are not counted in it, so that sent = acknowledged + refused + in flight holds for every window.
     */
    private final java.util.concurrent.atomic.AtomicInteger window = new java.util.concurrent.atomic.AtomicInteger();
    private final LongAdder relayed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    /** Chats the server put back in the queue after they were assigned (e.g. an agent too slow to answer). */
    private final LongAdder requeued = new LongAdder();
    private final AtomicInteger customerInflight = new AtomicInteger();
    // Totals since the start (for the lost count); the adders above restart with the measured window.
    private final LongAdder ackedTotal = new LongAdder();
    private final LongAdder relayedTotal = new LongAdder();

    private final LatencyStats e2e = new LatencyStats();
    private final LatencyStats reply = new LatencyStats();
    private final LatencyStats okCustomer = new LatencyStats();
    private final LatencyStats okAgent = new LatencyStats();
    private final ErrorTally errors = new ErrorTally();

    private final List<SwitchboardClient> agentClients = new ArrayList<>();
    private final ConcurrentLinkedQueue<Customer> customers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SwitchboardClient> idleClients = new ConcurrentLinkedQueue<>();
    /** Connections whose setup failed: closed at the end, never from an I/O thread. */
    private final ConcurrentLinkedQueue<SwitchboardClient> rejected = new ConcurrentLinkedQueue<>();
    private final List<ScheduledFuture<?>> pacers = new ArrayList<>();

    public LoadRun(LoadConfig cfg, PrintStream log) {
        this(cfg, null, log);
    }

    /** @param tls how to trust the server, or null for plain TCP */
    public LoadRun(LoadConfig cfg, TlsTrust tls, PrintStream log) {
        this.cfg = cfg.validate();
        this.tls = tls;
        this.log = log;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(cfg.threads(), new DefaultThreadFactory("switchboard-load", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Runs every phase and always closes every connection it opened. */
    public LoadReport run() throws InterruptedException {
        long deadline = System.nanoTime() + cfg.upperBound().toNanos();
        try {
            return runPhases(deadline);
        } finally {
            sending = false;
            answering = false;
            pacers.forEach(p -> p.cancel(false));
            closeAll();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private LoadReport runPhases(long deadline) throws InterruptedException {
        long pid = cfg.serverPid();
        long rssStart = pid > 0 ? ProcStats.rssKib(pid) : -1;
        long setupEnd = System.nanoTime() + cfg.setupTimeout().toNanos();

        // ---- setup: agents, customers with their chats, idle connections ----
        if (cfg.customers() > 0) {
            List<String[]> accounts = createAgents(setupEnd);
            connectAgents(accounts, setupEnd);
            log.printf("load: %d agents online%n", agentClients.size());
        }
        CountDownLatch assigned = new CountDownLatch(cfg.customers());
        connectCustomers(assigned, setupEnd);
        boolean allAssigned = assigned.await(remainingMillis(setupEnd), TimeUnit.MILLISECONDS);
        log.printf("load: %d customers with chats%s%n", customers.size(),
                allAssigned ? "" : " (" + assigned.getCount() + " not assigned to an agent in time)");

        long rssBeforeIdle = -1;
        long rssAfterIdle = -1;
        long heapBeforeIdle = -1;
        long heapAfterIdle = -1;
        if (cfg.idle() > 0) {
            if (pid > 0) {
                heapBeforeIdle = settle(pid);
                rssBeforeIdle = ProcStats.rssKib(pid);
            }
            connectIdle(setupEnd);
            log.printf("load: %d idle customers connected%n", idleClients.size());
            if (pid > 0) {
                heapAfterIdle = settle(pid);
                rssAfterIdle = ProcStats.rssKib(pid);
            }
        }

        // ---- warm-up, then the measured window ----
        startSending();
        sleepUntil(Math.min(deadline, System.nanoTime() + cfg.warmup().toNanos()));
        resetWindow();
        long serverCpu0 = pid > 0 ? ProcStats.cpuNanos(pid) : -1;
        long selfCpu0 = ProcStats.selfCpuNanos();
        long t0 = System.nanoTime();
        sleepUntil(Math.min(deadline, t0 + cfg.duration().toNanos()));
        long t1 = System.nanoTime();
        long serverCpu1 = pid > 0 ? ProcStats.cpuNanos(pid) : -1;
        long selfCpu1 = ProcStats.selfCpuNanos();
        // Outcomes before sends: every counted outcome's send was counted earlier, so sent >= acked + refused.
        long windowAcked = acked.sum();
        long windowRefused = refused.sum();
        long windowSent = sent.sum();
        long windowRelayed = relayed.sum();
        long windowSkipped = skipped.sum();
        LatencyStats.Summary e2eSummary = e2e.summary();
        LatencyStats.Summary replySummary = reply.summary();
        LatencyStats.Summary okCustomerSummary = okCustomer.summary();
        LatencyStats.Summary okAgentSummary = okAgent.summary();
        int held = (int) (agentClients.stream().filter(SwitchboardClient::isConnected).count()
                + customers.stream().filter(c -> c.client.isConnected()).count()
                + idleClients.stream().filter(SwitchboardClient::isConnected).count());
        long rssEnd = pid > 0 ? ProcStats.rssKib(pid) : -1;
        long peak = pid > 0 ? ProcStats.peakRssKib(pid) : -1;

        // ---- drain: stop sending, wait for what was acknowledged to arrive ----
        stopSending();
        long drainEnd = Math.min(deadline, System.nanoTime() + cfg.drainTimeout().toNanos());
        while (System.nanoTime() < drainEnd
                && (customerInflight.get() > 0 || relayedTotal.sum() < ackedTotal.sum())) {
            Thread.sleep(5);
        }
        long lost = Math.max(0, ackedTotal.sum() - relayedTotal.sum());
        long unanswered = customerInflight.get();

        double seconds = (t1 - t0) / 1e9;
        double serverCores = serverCpu0 >= 0 && serverCpu1 >= 0 ? (serverCpu1 - serverCpu0) / (double) (t1 - t0) : -1;
        double selfCores = selfCpu0 >= 0 && selfCpu1 >= 0 ? (selfCpu1 - selfCpu0) / (double) (t1 - t0) : -1;
        long idleBytes = rssBeforeIdle >= 0 && rssAfterIdle >= 0 && !idleClients.isEmpty()
                ? (rssAfterIdle - rssBeforeIdle) * 1024 / idleClients.size() : -1;
        long idleHeap = heapBeforeIdle >= 0 && heapAfterIdle >= 0 && !idleClients.isEmpty()
                ? (heapAfterIdle - heapBeforeIdle) * 1024 / idleClients.size() : -1;
        int wanted = cfg.customers() + cfg.agents() + cfg.idle();
        return new LoadReport(cfg.label(), cfg.host() + ":" + cfg.port(), cfg.customers(), cfg.agents(),
                cfg.maxRate() ? "max (window " + cfg.window() + ")" : cfg.ratePerCustomer() + "/s per customer",
                seconds, windowSent, windowAcked, windowRefused, windowRelayed,
                seconds > 0 ? windowRelayed / seconds : 0, seconds > 0 ? windowAcked / seconds : 0,
                lost, unanswered, windowSkipped, assigned.getCount(), requeued.sum(),
                e2eSummary, replySummary, okCustomerSummary, okAgentSummary, errors.snapshot(),
                new LoadReport.Connections(customers.size(), agentClients.size(), idleClients.size(), held, wanted),
                new LoadReport.Resources(pid, rssStart, rssEnd, peak, rssBeforeIdle, rssAfterIdle, idleBytes, idleHeap,
                        serverCores, selfCores));
    }

    // ---- setup ---------------------------------------------------------------------------------

    /** Creates this run's agent accounts (unique names per run) and returns user/password pairs. */
    private List<String[]> createAgents(long setupEnd) throws InterruptedException {
        List<String[]> accounts = new ArrayList<>();
        SwitchboardClient admin = client(Command.Hello.staffPassword("admin", cfg.adminPassword())).build();
        try {
            await(admin.connect(), setupEnd, "admin login");
            List<CompletableFuture<ServerFrame.Ok>> created = new ArrayList<>();
            for (int i = 1; i <= cfg.agents(); i++) {
                String user = "lg" + runId + "-a" + i;
                String password = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "Aa1!";
                accounts.add(new String[] {user, password});
                created.add(admin.request(new Command.AccountCreate(user, "agent", "Load agent " + i, password,
                        cfg.effectiveAgentCap(), null)));
            }
            for (CompletableFuture<ServerFrame.Ok> f : created) {
                await(f, setupEnd, "account.create");
            }
        } finally {
            admin.close();
        }
        return accounts;
    }

    private void connectAgents(List<String[]> accounts, long setupEnd) throws InterruptedException {
        List<CompletableFuture<ServerFrame.Welcome>> logins = new ArrayList<>();
        for (String[] a : accounts) {
            AgentListener l = new AgentListener();
            SwitchboardClient c = client(Command.Hello.staffPassword(a[0], a[1])).listener(l).build();
            l.client = c;
            agentClients.add(c);
            logins.add(c.connect());
        }
        for (CompletableFuture<ServerFrame.Welcome> f : logins) {
            await(f, setupEnd, "agent login");
        }
    }

    private void connectCustomers(CountDownLatch assigned, long setupEnd) throws InterruptedException {
        Semaphore slots = new Semaphore(CONNECTS_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(cfg.customers());
        for (int i = 0; i < cfg.customers(); i++) {
            if (!slots.tryAcquire(remainingMillis(setupEnd), TimeUnit.MILLISECONDS)) {
                errors.record("setup_timeout");
                break;
            }
            Customer cu = new Customer(assigned);
            SwitchboardClient.Builder b = client(Command.Hello.customer("Load customer " + i, null,
                    Map.of("page", "/load"))).listener(cu);
            String source = cfg.sourceFor(i);
            if (source != null) {
                b.localAddress(source);
            }
            cu.client = b.build();
            cu.client.connect()
                    .thenCompose(w -> cu.client.request(new Command.Open(null, "load", null)))
                    .whenComplete((ok, err) -> {
                        if (err == null) {
                            cu.chat = ok.text("chat");
                            customers.add(cu);
                        } else {
                            errors.record(setupCode(err));
                            rejected.add(cu.client);
                            cu.countAssigned();
                        }
                        slots.release();
                        done.countDown();
                    });
        }
        done.await(remainingMillis(setupEnd), TimeUnit.MILLISECONDS);
    }

    private void connectIdle(long setupEnd) throws InterruptedException {
        Semaphore slots = new Semaphore(CONNECTS_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(cfg.idle());
        for (int i = 0; i < cfg.idle(); i++) {
            if (!slots.tryAcquire(remainingMillis(setupEnd), TimeUnit.MILLISECONDS)) {
                errors.record("setup_timeout");
                break;
            }
            SwitchboardClient.Builder b = client(Command.Hello.customer("Idle customer " + i, null, null));
            String source = cfg.sourceFor(cfg.customers() + i);
            if (source != null) {
                b.localAddress(source);
            }
            SwitchboardClient c = b.build();
            c.connect().whenComplete((w, err) -> {
                if (err == null) {
                    idleClients.add(c);
                } else {
                    errors.record(setupCode(err));
                    rejected.add(c);
                }
                slots.release();
                done.countDown();
            });
        }
        done.await(remainingMillis(setupEnd), TimeUnit.MILLISECONDS);
    }

    /** Every connection of the run: to the target, on the generator's own event loops, with TLS when asked. */
    private SwitchboardClient.Builder client(Command.Hello hello) {
        return SwitchboardClient.builder(cfg.host(), cfg.port(), hello).group(group, channelType).tls(tls);
    }

    /** A failure during setup: a refused or dropped connection is {@code connect_failed}, an error reply its code. */
    private static String setupCode(Throwable err) {
        String code = ErrorTally.codeOf(err);
        return code.equals(ErrorCode.UNAVAILABLE.wire()) ? "connect_failed" : code;
    }

    /** Full GC on the server, then its live heap (KiB), so that memory figures compare live data, not garbage. */
    private long settle(long pid) {
        if (!cfg.serverGc()) {
            return -1;
        }
        ProcStats.requestGc(pid);
        return ProcStats.heapUsedKib(pid);
    }

    // ---- sending -------------------------------------------------------------------------------

    private void startSending() {
        sending = true;
        for (Customer c : customers) {
            if (cfg.maxRate()) {
                for (int k = 0; k < cfg.window(); k++) {
                    say(c);
                }
            } else {
                long period = (long) (1e9 / cfg.ratePerCustomer());
                long offset = ThreadLocalRandom.current().nextLong(Math.max(1, period));
                // On the customer's own connection thread: a tick elsewhere would hand each write over to it, and
                // that wake-up would count as the server's latency.
                EventLoop loop = c.client.eventLoop();
                pacers.add((loop != null ? loop : group.next()).scheduleAtFixedRate(() -> tick(c), offset, period,
                        TimeUnit.NANOSECONDS));
            }
        }
    }

    private void tick(Customer c) {
        if (!sending) {
            return;
        }
        if (c.inflight.get() >= cfg.window()) {
            skipped.increment();
            return;
        }
        say(c);
    }

    private void stopSending() {
        sending = false;
        pacers.forEach(p -> p.cancel(false));
    }

    private void resetWindow() {
        window.incrementAndGet();
        sent.reset();
        acked.reset();
        refused.reset();
        relayed.reset();
        skipped.reset();
        requeued.reset();
        e2e.reset();
        reply.reset();
        okCustomer.reset();
        okAgent.reset();
        errors.reset();
    }

    private void say(Customer c) {
        if (!sending || !c.client.isConnected()) {
            return;
        }
        c.inflight.incrementAndGet();
        customerInflight.incrementAndGet();
        sent.increment();
        int sentIn = window.get();
        long t0 = System.nanoTime();
        c.client.request(new Command.Say(c.chat, STAMP + t0, null)).whenComplete((ok, err) -> {
            c.inflight.decrementAndGet();
            customerInflight.decrementAndGet();
            boolean counted = sentIn == window.get();
            if (err == null) {
                if (counted) {
                    okCustomer.recordNanos(System.nanoTime() - t0);
                    acked.increment();
                }
                ackedTotal.increment();
                if (cfg.maxRate()) {
                    say(c);
                }
            } else {
                if (counted) {
                    errors.record(err);
                    refused.increment();
                }
                if (cfg.maxRate() && sending && c.client.isConnected()) {
                    // Back off a little instead of hammering a server that refused (rate_limited, unavailable).
                    group.schedule(() -> say(c), 10, TimeUnit.MILLISECONDS);
                }
            }
        });
    }

    // ---- listeners -----------------------------------------------------------------------------

    /** Agents answer every customer message that carries a stamp, and measure its end-to-end latency. */
    private final class AgentListener implements ClientListener {
        volatile SwitchboardClient client;

        @Override
        public void onFrame(ServerFrame frame) {
            if (!(frame instanceof ServerFrame.Message m) || m.from() == null || !"customer".equals(m.from().role())
                    || m.text() == null || !m.text().startsWith(STAMP)) {
                return;
            }
            long now = System.nanoTime();
            long stamp = parseStamp(m.text());
            e2e.recordNanos(now - stamp);
            relayed.increment();
            relayedTotal.increment();
            if (!answering) {
                return;
            }
            int sentIn = window.get();
            client.request(new Command.Say(m.chat(), REPLY + now, null)).whenComplete((ok, err) -> {
                if (sentIn != window.get()) {
                    return;
                }
                if (err == null) {
                    okAgent.recordNanos(System.nanoTime() - now);
                } else if (answering) {
                    errors.record(err);
                }
            });
        }

        @Override
        public void onDisconnected(String reason, boolean willRetry) {
            if (answering) {
                errors.record("disconnected");
            }
        }
    }

    /** A customer with one chat; hears its agent's answers. */
    private final class Customer implements ClientListener {
        final CountDownLatch assigned;
        final AtomicBoolean counted = new AtomicBoolean();
        final AtomicInteger inflight = new AtomicInteger();
        volatile SwitchboardClient client;
        volatile String chat;

        Customer(CountDownLatch assigned) {
            this.assigned = assigned;
        }

        void countAssigned() {
            if (counted.compareAndSet(false, true)) {
                assigned.countDown();
            }
        }

        @Override
        public void onFrame(ServerFrame frame) {
            if (frame instanceof ServerFrame.Chat c) {
                if ("active".equals(c.state())) {
                    countAssigned();
                } else if ("queued".equals(c.state()) && counted.get() && c.agent() == null && sending) {
                    requeued.increment();
                }
            } else if (frame instanceof ServerFrame.Message m && m.text() != null && m.text().startsWith(REPLY)
                    && m.from() != null && "agent".equals(m.from().role())) {
                reply.recordNanos(System.nanoTime() - parseStamp(m.text()));
            }
        }

        @Override
        public void onDisconnected(String reason, boolean willRetry) {
            if (answering) {
                errors.record("disconnected");
            }
        }
    }

    static long parseStamp(String text) {
        try {
            return Long.parseLong(text.substring(3).trim());
        } catch (NumberFormatException e) {
            return System.nanoTime();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private <T> T await(CompletableFuture<T> f, long until, String what) throws InterruptedException {
        try {
            return f.get(remainingMillis(until), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " timed out");
        }
    }

    private static long remainingMillis(long until) {
        return Math.max(0, (until - System.nanoTime()) / 1_000_000);
    }

    private static void sleepUntil(long until) throws InterruptedException {
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(200, Math.max(1, left / 1_000_000)));
        }
    }

    private void closeAll() {
        List<SwitchboardClient> all = new ArrayList<>(agentClients);
        customers.forEach(c -> all.add(c.client));
        all.addAll(idleClients);
        all.addAll(rejected);
        for (SwitchboardClient c : all) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    /** For tests: the run's error tally. */
    ErrorTally errors() {
        return errors;
    }

}
