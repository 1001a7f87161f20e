package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.RequestException;
import dev.switchboard.protocol.Codec;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.TestServer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN invariant 5 as one table: for every command, the kinds of account that may use it. Each command is
 * tried by every kind on a fresh server (on that kind's own chat where a chat is involved); a kind outside the
 * row must get {@code forbidden}, a kind inside it anything but. A command missing from the table fails the
 * build, so no new command can skip this.
 */
class AuthorizationMatrixTest {

    enum Kind { CUSTOMER, AGENT, BOT, SUPERVISOR, ADMIN }

    private static final Set<Kind> ALL = EnumSet.allOf(Kind.class);
    private static final Set<Kind> STAFF = EnumSet.of(Kind.AGENT, Kind.BOT, Kind.SUPERVISOR, Kind.ADMIN);
    private static final Set<Kind> CHAT_WORKERS = EnumSet.of(Kind.AGENT, Kind.BOT);
    private static final Set<Kind> OVERSEERS = EnumSet.of(Kind.SUPERVISOR, Kind.ADMIN);
    private static final Set<Kind> ADMIN = EnumSet.of(Kind.ADMIN);
    private static final Set<Kind> CUSTOMER = EnumSet.of(Kind.CUSTOMER);
    /** Not answered at all (typing) or not a request after the welcome (hello). */
    private static final Set<Kind> NOT_A_REQUEST = Set.of();

    /** The fixture a command is tried against: each kind's own chat, a queued chat, another user. */
    record Fixture(String ownChat, String queuedChat, String otherUser) {
    }

    private record Row(Set<Kind> allowed, Function<Fixture, Command> sample) {
    }

    private static final Map<String, Row> TABLE = new LinkedHashMap<>();

    static {
        row("hello", NOT_A_REQUEST, f -> null);
        row("typing", NOT_A_REQUEST, f -> null);
        row("ping", ALL, f -> new Command.Ping());
        row("open", CUSTOMER, f -> new Command.Open("hi", null, null));
        row("say", EnumSet.of(Kind.CUSTOMER, Kind.AGENT, Kind.BOT), f -> new Command.Say(f.ownChat(), "hi", null));
        row("note", STAFF, f -> new Command.Note(f.ownChat(), "note", null));
        row("accept", STAFF, f -> new Command.Accept(f.queuedChat()));
        row("transfer", STAFF, f -> new Command.Transfer(f.ownChat(), "queue", null));
        row("close", ALL, f -> new Command.Close(f.ownChat(), null, null, null));
        row("rate", CUSTOMER, f -> new Command.Rate(f.ownChat(), 5, null, null));
        row("status", STAFF, f -> new Command.Status("away"));
        row("history", ALL, f -> new Command.History(f.ownChat(), null, null));
        row("canned", STAFF, f -> new Command.Canned());
        row("agents", STAFF, f -> new Command.Agents());
        row("hold", CHAT_WORKERS, f -> new Command.Hold(f.ownChat(), true));
        row("earlier", STAFF, f -> new Command.Earlier(f.ownChat(), null));
        row("account.create", ADMIN, f -> new Command.AccountCreate("newbie", "agent", null, "pw", null, null));
        row("account.list", ADMIN, f -> new Command.AccountList());
        row("account.update", ADMIN, f -> new Command.AccountUpdate(f.otherUser(), null, null, 5, null, null));
        row("account.password", ADMIN, f -> new Command.AccountPassword(f.otherUser(), "new-pw"));
        row("token.create", ADMIN, f -> new Command.TokenCreate(f.otherUser(), null));
        row("token.list", ADMIN, f -> new Command.TokenList(null));
        row("token.revoke", ADMIN, f -> new Command.TokenRevoke("999"));
        row("canned.add", ADMIN, f -> new Command.CannedAdd("greet", "Hello!", null));
        row("canned.edit", ADMIN, f -> new Command.CannedEdit("1", null, "Hi!"));
        row("canned.remove", ADMIN, f -> new Command.CannedRemove("1"));
        row("ban.add", ADMIN, f -> new Command.BanAdd("ip", "10.1.2.3", null, null));
        row("ban.list", ADMIN, f -> new Command.BanList());
        row("ban.remove", ADMIN, f -> new Command.BanRemove("999"));
        row("sshkey.add", ADMIN, f -> new Command.SshKeyAdd(f.otherUser(),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g test"));
        row("sshkey.list", ADMIN, f -> new Command.SshKeyList(null));
        row("sshkey.remove", ADMIN, f -> new Command.SshKeyRemove(f.otherUser(), "SHA256:none"));
        row("chats", OVERSEERS, f -> new Command.Chats(null, null, null, null));
        row("stats", OVERSEERS, f -> new Command.Stats(null, null));
        row("audit", ADMIN, f -> new Command.Audit(null, null));
    }

    private static void row(String type, Set<Kind> allowed, Function<Fixture, Command> sample) {
        TABLE.put(type, new Row(allowed, sample));
    }

    @Test
    void everyCommandOfTheProtocolHasARow() {
        assertThat(TABLE.keySet()).containsExactlyInAnyOrderElementsOf(Codec.commandTypes().keySet());
    }

    static Stream<Arguments> cases() {
        return TABLE.entrySet().stream().filter(e -> e.getValue().allowed() != NOT_A_REQUEST)
                .map(e -> Arguments.of(e.getKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlyTheKindsInTheRowMayUseTheCommand(String type) throws Exception {
        Row row = TABLE.get(type);
        for (Kind kind : Kind.values()) {
            try (TestServer server = TestServer.start(b -> b.rateBurst = 1000)) {
                server.adminClient().ok(new Command.CannedAdd("seed", "seeded text", null));
                TestServer.Client who = signIn(server, kind);
                Fixture fixture = fixture(server, kind, who);
                ErrorCode outcome = outcome(who, row.sample().apply(fixture));
                if (row.allowed().contains(kind)) {
                    assertThat(outcome).as("%s by %s", type, kind).isNotEqualTo(ErrorCode.FORBIDDEN);
                } else {
                    assertThat(outcome).as("%s by %s", type, kind).isEqualTo(ErrorCode.FORBIDDEN);
                }
            }
        }
    }

    private static TestServer.Client signIn(TestServer server, Kind kind) {
        server.ensureAccount("colleague", "agent", null);
        return switch (kind) {
            case CUSTOMER -> server.customer("Carol");
            case AGENT -> server.agent("ann");
            case BOT -> {
                server.ensureAccount("robot", "bot", null);
                String token = server.adminClient().ok(new Command.TokenCreate("robot", null)).text("token");
                yield server.connect(Command.Hello.staffToken("robot", token), b -> { });
            }
            case SUPERVISOR -> server.staff("sue", "supervisor");
            case ADMIN -> server.staff("root2", "admin");
        };
    }

    /** Gives {@code who} its own chat (a customer's, or one assigned to the agent), plus a chat left queued. */
    private static Fixture fixture(TestServer server, Kind kind, TestServer.Client who) {
        String own;
        if (kind == Kind.CUSTOMER) {
            own = who.open("my question");
        } else {
            TestServer.Client assignee = kind == Kind.AGENT || kind == Kind.BOT ? who : server.agent("colleague");
            own = server.customer("Dave").open("help");
            assignee.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(own) && "active".equals(c.state()));
            assignee.ok(new Command.Status("away"));
        }
        String queued = server.customer("Quinn").open("anyone?");
        return new Fixture(own, queued, "colleague");
    }

    private static ErrorCode outcome(TestServer.Client who, Command command) throws Exception {
        try {
            who.client().request(command).get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return ((RequestException) e.getCause()).code();
        }
    }
}
