package dev.switchboard.ssh;

import dev.switchboard.client.Failures;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.server.Server;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.accounts.Authenticator;
import dev.switchboard.server.store.AccountRow;
import dev.switchboard.server.store.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.auth.pubkey.CachingPublicKeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH front door: an embedded Apache MINA SSHD whose only shell is the agent console of the account that
 * logged in. Password logins are checked by the server's own {@link Authenticator} (so failures count towards
 * the same login throttle as the TCP port, keyed by the SSH client's address); public keys are the ones
 * registered with {@code admin agents add-key}, and a refused key counts towards the same throttle (once per
 * connection, see {@link #keyOk}). Only agents, supervisors and admins get in: customers have no
 * accounts, bots sign in with tokens and are refused. Exec, subsystems and every kind of forwarding are refused.
 */
public final class SshFrontDoor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SshFrontDoor.class);
    static final String HOST_KEY_FILE = "ssh_host_key";
    private static final Set<String> STAFF = Set.of("agent", "supervisor", "admin");
    private static final Pattern USER = Pattern.compile("[a-z0-9._-]{1,64}");
    /** Set on a connection once a refused public key has been counted (see {@link #keyOk}). */
    private static final AttributeRepository.AttributeKey<Boolean> KEY_REFUSED = new AttributeRepository.AttributeKey<>();
    /** Set on a connection found throttled: its further keys are refused without another audit row each. */
    private static final AttributeRepository.AttributeKey<Boolean> THROTTLED = new AttributeRepository.AttributeKey<>();

    private final Server server;
    private final Authenticator auth;
    private final Store store;
    private final ConsoleTickets tickets;
    private final ConsoleScheduler consoles = new ConsoleScheduler(ConsoleScheduler.defaultThreads());
    private final String deskHost;
    private final int deskPort;
    /** Pinned to the server's own certificate when it speaks TLS (one context for every session), else null. */
    private final TlsTrust deskTls;
    private final int maxSessions;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger localCounter = new AtomicInteger();
    private SshServer sshd;
    private String fingerprint;

    private SshFrontDoor(Server server, ServerConfig config, int maxSessions) {
        this.server = server;
        this.auth = server.authenticator();
        this.store = server.store();
        this.tickets = new ConsoleTickets(server.desk(), server.store(), new Codec(config.limits()));
        String h = config.host();
        this.deskHost = h == null || h.isBlank() || h.equals("0.0.0.0") || h.equals("::") ? "127.0.0.1" : h;
        this.deskPort = server.port();
        this.deskTls = server.certificate() == null ? null : TlsTrust.pinned(server.certificate().fingerprint());
        this.maxSessions = maxSessions;
    }

    /** Starts listening on {@code host:port} (0 picks a free port); the host key lives in the data dir. */
    public static SshFrontDoor start(Server server, ServerConfig config, String host, int port, int maxSessions)
            throws IOException {
        SshFrontDoor door = new SshFrontDoor(server, config, maxSessions);
        door.listen(config.dataDir(), host, port);
        return door;
    }

    private void listen(Path dataDir, String host, int port) throws IOException {
        tickets.revokeLeftovers();
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(dataDir.resolve(HOST_KEY_FILE));
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        keys.setKeySize(256);
        List<KeyPair> pairs = keys.loadKeys(null);
        fingerprint = KeyUtils.getFingerPrint(pairs.get(0).getPublic());
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(port);
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator(new AsyncPasswordAuthenticator(this::passwordOk));
        // MINA asks twice for a key it accepts (the probe, then the signed attempt): the answer is kept per session.
        sshd.setPublickeyAuthenticator(new CachingPublicKeyAuthenticator(this::keyOk));
        // A key login proves itself only after the signature checks out: then, as after a right password, the
        // account's failures are forgiven.
        sshd.addSessionListener(new SessionListener() {
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated) {
                    auth.signInSucceeded(session.getUsername());
                }
            }
        });
        sshd.setShellFactory(channel -> new ConsoleShell(this));
        sshd.setCommandFactory(null);
        sshd.setSubsystemFactories(List.of());
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setAgentFactory(null);
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, java.time.Duration.ofSeconds(30));
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, 6);
        sshd.start();
        log.info("SSH console on {}:{}, host key {}", host, port(), fingerprint);
    }

    public int port() {
        return sshd.getPort();
    }

    /** SHA256 fingerprint of the host key, as OpenSSH shows it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The fingerprint of the host key kept in {@code dataDir}, or null before the first start with SSH. */
    public static String fingerprintIn(Path dataDir) {
        Path file = dataDir.resolve(HOST_KEY_FILE);
        if (!java.nio.file.Files.exists(file)) {
            return null;
        }
        try {
            SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(file);
            keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
            return KeyUtils.getFingerPrint(keys.loadKeys(null).get(0).getPublic());
        } catch (Exception e) {
            return null;
        }
    }

    ConsoleTickets tickets() {
        return tickets;
    }

    ConsoleScheduler consoles() {
        return consoles;
    }

    /**
     * A protocol client to this server, as the console of an SSH session uses it: over loopback when the server
     * listens there, from its own 127.x address, and over TLS pinned to the server's own certificate when the
     * server speaks TLS.
     */
    SwitchboardClient.Builder deskClient(Command.Hello hello) {
        SwitchboardClient.Builder b = SwitchboardClient.builder(deskHost, deskPort, hello).tls(deskTls);
        String local = nextLocalAddress();
        if (local != null) {
            b.localAddress(local);
        }
        return b;
    }

    int activeSessions() {
        return sessions.get();
    }

    /**
     * Each console connects over loopback; a distinct 127.x address per session keeps 50+ agents inside the
     * server's per-address connection limit (the SSH door has its own cap, {@code maxSessions}). Null when
     * the server does not listen on loopback.
     */
    private String nextLocalAddress() {
        if (!deskHost.startsWith("127.")) {
            return null;
        }
        int n = Math.floorMod(localCounter.getAndIncrement(), 250 * 250);
        return "127.77." + (n / 250 + 1) + "." + (n % 250 + 1);
    }

    void ended() {
        sessions.decrementAndGet();
    }

    boolean admit() {
        if (sessions.incrementAndGet() > maxSessions) {
            sessions.decrementAndGet();
            return false;
        }
        return true;
    }

    private CompletableFuture<Boolean> passwordOk(String user, String password, SessionContext session) {
        if (user == null || !USER.matcher(user).matches() || password == null
                || password.getBytes(StandardCharsets.UTF_8).length > 1024) {
            return CompletableFuture.completedFuture(false);
        }
        String ip = ip(session);
        return auth.verify(Command.Hello.staffPassword(user, password), ip).handle((account, failure) -> {
            if (failure != null) {
                log.info("SSH password login refused for {} from {}: {}", user, ip, Failures.cause(failure).getMessage());
                return false;
            }
            return staff(account);
        });
    }

    /**
     * MINA asks this for the client's "would you accept this key?" probe and again for the signed attempt. An
     * accepted key is no failure, whichever it is. A refused key (not registered for this user, or the user is
     * no staff account) counts towards the login throttle and the audit log, but once per connection only: an
     * agent's ssh-agent offers its keys one after another, and counting each (as OpenSSH's MaxAuthTries does)
     * would throttle an agent with several keys after a login or two. The connection's key tries are capped
     * anyway ({@code MAX_AUTH_REQUESTS}), so an attacker still meets the per-account and per-address limits
     * after a few connections. While throttled, every key is refused, a registered one too, and the connection
     * is audited once however many keys it offers.
     */
    private boolean keyOk(String user, PublicKey key, ServerSession session) {
        String ip = ip(session);
        if (user == null || !USER.matcher(user).matches()) {
            keyRefused(session, null, ip, "public key for an invalid user name");
            return false;
        }
        if (session.getAttribute(THROTTLED) != null) {
            return false;
        }
        try {
            auth.refuseIfThrottled(user, ip);
        } catch (ProtocolException throttled) {
            session.setAttribute(THROTTLED, Boolean.TRUE);
            return false;
        }
        String fp = KeyUtils.getFingerPrint(key);
        Optional<AccountRow> a;
        try {
            a = store.read(c -> Store.one(c, "SELECT a.* FROM ssh_keys k JOIN accounts a"
                    + " ON a.username = k.username WHERE k.username = ? AND k.fingerprint = ?", Store.ACCOUNT, user, fp));
        } catch (Exception e) {
            log.warn("SSH key lookup failed", e);
            return false;
        }
        if (a.isPresent() && staff(a.get())) {
            return true;
        }
        keyRefused(session, user, ip, "public key not accepted for this account");
        return false;
    }

    private void keyRefused(ServerSession session, String user, String ip, String why) {
        if (session.setAttribute(KEY_REFUSED, Boolean.TRUE) == null) {
            auth.signInFailed(user, ip, why);
        }
    }

    private static boolean staff(AccountRow a) {
        return STAFF.contains(a.kind()) && !a.disabled();
    }

    static String ip(SessionContext session) {
        SocketAddress a = session instanceof org.apache.sshd.common.session.Session s ? s.getRemoteAddress() : null;
        if (a instanceof InetSocketAddress inet) {
            InetAddress addr = inet.getAddress();
            return addr != null ? addr.getHostAddress() : inet.getHostString();
        }
        return null;
    }

    @Override
    public void close() {
        if (sshd != null) {
            try {
                sshd.stop(true);
            } catch (IOException e) {
                log.warn("stopping the SSH server", e);
            }
        }
        consoles.close();
    }
}
