package dev.switchboard.bench;

import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.Limits;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.desk.Desk;
import dev.switchboard.server.desk.DeskConfig;
import dev.switchboard.server.desk.DeskTask;
import dev.switchboard.server.store.AccountRow;
import dev.switchboard.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commands per second through the desk without I/O: {@value #BATCH} {@code say}s (customers and their agent in
 * turn, as in a live chat) are submitted at once and the invocation ends when every one is answered, i.e.
 * applied, committed to SQLite in a temp dir (group commit) and fanned out to fake peers. {@code durable}
 * switches SQLite between {@code synchronous=FULL} (the server's default) and {@code NORMAL}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DeskBench {
    static final int BATCH = 512;
    static final int CHATS = 64;

    @Param({"true", "false"})
    public boolean durable;

    private Path dir;
    private Store store;
    private Desk desk;
    private FakePeer agent;
    private final List<FakePeer> customers = new ArrayList<>();
    private final List<String> chatIds = new ArrayList<>();
    private long nextId = 1;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("switchboard-deskbench");
        store = Store.open("jdbc:sqlite:" + dir.resolve("switchboard.db"), durable);
        store.update("INSERT INTO accounts (username, display_name, kind, password_hash, cap, team, disabled, created_at)"
                + " VALUES (?,?,?,?,?,?,?,?)", "bench", "Bench Agent", "agent", "x", 1000, null, 0, System.currentTimeMillis());
        store.commit();
        AccountRow account = store.read(c -> Store.one(c, "SELECT * FROM accounts WHERE username = ?", Store.ACCOUNT,
                "bench")).orElseThrow();
        Codec codec = new Codec(Limits.defaults());
        desk = new Desk(store, DeskConfig.defaults().withDefaultCap(1000), Clock.systemUTC(), codec);
        desk.start();
        agent = new FakePeer("127.0.0.1");
        desk.submit(new DeskTask.AttachStaff(agent, 0L, Command.Hello.staffPassword("bench", "x"), account));
        waitFor(() -> agent.welcomes.get() == 1);
        for (int i = 0; i < CHATS; i++) {
            FakePeer cu = new FakePeer("10.0." + (i / 200) + "." + (i % 200 + 1));
            cu.keep = true;
            desk.submit(new DeskTask.AttachCustomer(cu, 0L, Command.Hello.customer("Customer " + i, null, null)));
            waitFor(() -> cu.welcomes.get() == 1);
            desk.submit(new DeskTask.Request(cu, nextId++, new Command.Open(null, null, null), null));
            waitFor(() -> cu.replies.get() == 1);
            String chat = null;
            for (byte[] f : cu.kept) {
                if (codec.decodeServerFrame(f, 0, f.length) instanceof ServerFrame.Ok ok && ok.text("chat") != null) {
                    chat = ok.text("chat");
                }
            }
            cu.keep = false;
            cu.kept.clear();
            customers.add(cu);
            chatIds.add(java.util.Objects.requireNonNull(chat, "no chat id"));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        desk.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long say() {
        long agentTarget = agent.replies.get();
        long[] targets = new long[CHATS];
        for (int i = 0; i < CHATS; i++) {
            targets[i] = customers.get(i).replies.get();
        }
        for (int k = 0; k < BATCH; k++) {
            int i = (k / 2) % CHATS;
            if (k % 2 == 0) {
                desk.submit(new DeskTask.Request(customers.get(i), nextId++,
                        new Command.Say(chatIds.get(i), "customer message " + k, null), null));
                targets[i]++;
            } else {
                desk.submit(new DeskTask.Request(agent, nextId++,
                        new Command.Say(chatIds.get(i), "agent answer " + k, null), null));
                agentTarget++;
            }
        }
        long target = agentTarget;
        waitFor(() -> agent.replies.get() >= target);
        for (int i = 0; i < CHATS; i++) {
            int j = i;
            waitFor(() -> customers.get(j).replies.get() >= targets[j]);
        }
        return agent.frames.get();
    }

    private static void waitFor(java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the desk did not answer within 30 s");
            }
            LockSupport.parkNanos(20_000);
        }
    }
}
