package dev.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.RequestException;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.testing.MutableClock;
import dev.switchboard.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin protocol commands end to end: accounts, tokens, canned texts, bans, chat list, stats. */
class AdminCommandsTest {
    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<String> field(JsonNode list, String name) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.path(name).asText()));
        return out;
    }

    private ErrorCode connectFails(Command.Hello hello) throws Exception {
        SwitchboardClient c = SwitchboardClient.builder("127.0.0.1", server.port(), hello).build();
        try {
            c.connect().get(10, TimeUnit.SECONDS);
            throw new AssertionError("connected");
        } catch (ExecutionException e) {
            return ((RequestException) e.getCause()).code();
        } finally {
            c.close();
        }
    }

    @Test
    void accountsAreCreatedListedUpdatedDisabledAndReKeyed() throws Exception {
        server = TestServer.start();
        TestServer.Client admin = server.adminClient();
        admin.ok(new Command.AccountCreate("alice", "agent", "Alice Liddell", "pw-1", 5, "billing"));
        assertThat(admin.error(new Command.AccountCreate("alice", "agent", null, "x", null, null)).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(admin.error(new Command.AccountCreate("Bad Name", "agent", null, "x", null, null)).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(admin.error(new Command.AccountCreate("robo", "bot", null, "x", null, null)).reason())
                .contains("tokens");

        JsonNode accounts = admin.ok(new Command.AccountList()).get("accounts");
        assertThat(field(accounts, "user")).containsExactly("admin", "alice");
        JsonNode alice = accounts.get(1);
        assertThat(alice.path("name").asText()).isEqualTo("Alice Liddell");
        assertThat(alice.path("cap").asInt()).isEqualTo(5);
        assertThat(alice.path("team").asText()).isEqualTo("billing");

        TestServer.Client session = server.connect(Command.Hello.staffPassword("alice", "pw-1"), b -> { });
        assertThat(session.error(new Command.Chats(null, null, null, null)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        admin.ok(new Command.AccountUpdate("alice", null, "supervisor", 2, null, null));
        assertThat(admin.ok(new Command.AccountList()).get("accounts").get(1).path("kind").asText()).isEqualTo("supervisor");
        // The connected session acts with the new kind at once.
        session.ok(new Command.Chats(null, null, null, null));

        session.ok(new Command.AccountPassword("alice", "pw-2"));
        assertThat(session.error(new Command.AccountPassword("admin", "mine")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(connectFails(Command.Hello.staffPassword("alice", "pw-1"))).isEqualTo(ErrorCode.AUTH_FAILED);
        server.connect(Command.Hello.staffPassword("alice", "pw-2"), b -> { }).close();

        admin.ok(new Command.AccountUpdate("alice", null, null, null, null, true));
        session.recorder().await(ServerFrame.Error.class, e -> e.message().contains("disabled"));
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(session.recorder().lastDrop())
                .as("the client reports the server's reason, not just a close").isEqualTo("your account was disabled"));
        assertThat(connectFails(Command.Hello.staffPassword("alice", "pw-2"))).isEqualTo(ErrorCode.AUTH_FAILED);
        assertThat(admin.error(new Command.AccountUpdate("admin", null, null, null, null, true)).code())
                .isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(admin.error(new Command.AccountUpdate("ghost", null, null, null, null, true)).code())
                .isEqualTo(ErrorCode.NOT_FOUND);

        // The audit log holds every admin action and every failed sign-in, newest first, with who and where.
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(field(admin.ok(new Command.Audit(null, 500))
                .get("entries"), "action")).contains("login.failed"));
        JsonNode entries = admin.ok(new Command.Audit(null, 500)).get("entries");
        assertThat(field(entries, "action")).contains("account.create", "account.update", "account.password");
        JsonNode failure = null;
        for (JsonNode e : entries) {
            if ("login.failed".equals(e.path("action").asText())) {
                failure = e;
            }
        }
        assertThat(failure.path("target").asText()).isEqualTo("alice");
        assertThat(failure.path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(failure.path("detail").asText()).contains("wrong user name or password");
        assertThat(entries.get(0).path("id").asLong()).isGreaterThan(entries.get(1).path("id").asLong());

        // A list for a name that is no account says so, rather than "none".
        assertThat(admin.ok(new Command.TokenList("alice")).get("tokens")).isEmpty();
        for (Command list : List.of(new Command.TokenList("nobody"), new Command.SshKeyList("nobody"))) {
            RequestException unknown = admin.error(list);
            assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(unknown.reason()).isEqualTo("no account 'nobody'");
        }
    }

    @Test
    void cannedTextsAreSharedOrPersonalWithUniqueShortcuts() {
        server = TestServer.start();
        TestServer.Client admin = server.adminClient();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client bob = server.agent("bob");
        String greet = admin.ok(new Command.CannedAdd("greet", "Hi {name|there}, I'm {agent}.", null)).text("canned");
        assertThat(admin.error(new Command.CannedAdd("greet", "again", null)).code()).isEqualTo(ErrorCode.CONFLICT);
        alice.ok(new Command.CannedAdd("greet", "Hey {name}!", "alice"));
        assertThat(bob.error(new Command.CannedAdd("mine", "x", "alice")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(alice.error(new Command.CannedAdd("shared", "x", null)).code()).isEqualTo(ErrorCode.FORBIDDEN);

        assertThat(field(alice.ok(new Command.Canned()).get("canned"), "text"))
                .containsExactly("Hi {name|there}, I'm {agent}.", "Hey {name}!");
        assertThat(field(bob.ok(new Command.Canned()).get("canned"), "text")).containsExactly("Hi {name|there}, I'm {agent}.");

        assertThat(field(admin.ok(new Command.Canned("*")).get("canned"), "owner")).as("admins list everyone's")
                .containsExactly("", "alice");
        assertThat(bob.error(new Command.Canned("alice")).code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(admin.error(new Command.CannedEdit(greet, "b ad", null)).reason())
                .as("an edit keeps to the rule an add keeps to").contains("letters, digits");
        assertThat(admin.error(new Command.CannedAdd("5", "five", null)).reason())
                .as("digits alone would read as an id").contains("digits alone");
        assertThat(admin.error(new Command.CannedEdit(greet, "5", null)).code()).isEqualTo(ErrorCode.BAD_FRAME);
        admin.ok(new Command.CannedEdit(greet, "hello", "Hello {name|there}!"));
        assertThat(field(bob.ok(new Command.Canned()).get("canned"), "shortcut")).containsExactly("hello");
        assertThat(bob.error(new Command.CannedRemove(greet)).code()).isEqualTo(ErrorCode.FORBIDDEN);
        admin.ok(new Command.CannedRemove(greet));
        assertThat(bob.ok(new Command.Canned()).get("canned")).isEmpty();
        assertThat(admin.error(new Command.CannedRemove(greet)).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void bansRefuseCustomersByIdOrAddressUntilTheyExpire() throws Exception {
        MutableClock clock = new MutableClock();
        server = TestServer.start(b -> { }, clock);
        TestServer.Client admin = server.adminClient();
        TestServer.Client troll = server.customer("Troll");
        String token = troll.client().resumeToken();
        String chat = troll.open("abuse");
        JsonNode listed = admin.ok(new Command.Chats("open", null, null, null)).get("chats");
        String customerId = listed.get(0).path("customer").path("id").asText();

        String until = Times.format(clock.millis() + Duration.ofHours(1).toMillis());
        String ban = admin.ok(new Command.BanAdd("customer", customerId, "abusive language", until)).text("ban");
        RequestException refused = troll.error(new Command.Open("again", null, null));
        assertThat(refused.code()).isEqualTo(ErrorCode.BANNED);
        assertThat(refused.reason()).contains(until);
        assertThat(connectFails(Command.Hello.customer("Troll", null, null).resuming(token, null)))
                .isEqualTo(ErrorCode.BANNED);
        assertThat(field(admin.ok(new Command.BanList()).get("bans"), "reason")).containsExactly("abusive language");

        clock.advance(Duration.ofHours(2));
        server.connect(Command.Hello.customer("Troll", null, null), b -> b.resume(token)).ok(new Command.Say(chat, "sorry", null));

        admin.ok(new Command.BanAdd("ip", "127.0.0.1", "flood", null));
        assertThat(connectFails(Command.Hello.customer("Anyone", null, null))).isEqualTo(ErrorCode.BANNED);
        String ipBan = field(admin.ok(new Command.BanList()).get("bans"), "id").get(1);
        admin.ok(new Command.BanRemove(ipBan));
        server.customer("Welcome back").close();
        assertThat(admin.error(new Command.BanRemove(ban + "0")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void aBanMustBeAbleToMatchAndAnAddressMatchesHoweverItIsWritten() throws Exception {
        server = TestServer.start();
        TestServer.Client admin = server.adminClient();
        RequestException notAnIp = admin.error(new Command.BanAdd("ip", "not-an-ip", null, null));
        assertThat(notAnIp.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(notAnIp.reason()).contains("IP address").contains("not-an-ip");
        RequestException notACustomer = admin.error(new Command.BanAdd("customer", "Troll", null, null));
        assertThat(notACustomer.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(notACustomer.reason()).contains("customer number");
        assertThat(admin.ok(new Command.BanList()).get("bans")).isEmpty();

        // 127.0.0.1 written as an IPv4-mapped IPv6 address: stored as connections are written, so it bans them.
        admin.ok(new Command.BanAdd("ip", "::ffff:127.0.0.1", "flood", null));
        assertThat(field(admin.ok(new Command.BanList()).get("bans"), "value")).containsExactly("127.0.0.1");
        assertThat(connectFails(Command.Hello.customer("Anyone", null, null))).isEqualTo(ErrorCode.BANNED);
        admin.ok(new Command.BanAdd("ip", "[::1]", null, null));
        assertThat(field(admin.ok(new Command.BanList()).get("bans"), "value")).contains("0:0:0:0:0:0:0:1");
        assertThat(admin.error(new Command.BanAdd("customer", "17", null, null)).code()).as("never a customer")
                .isEqualTo(ErrorCode.NOT_FOUND);
        RequestException past = admin.error(new Command.BanAdd("ip", "203.0.113.9", null, "2020-01-01T00:00:00Z"));
        assertThat(past.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(past.reason()).contains("already past");

        // One ban per value: a second one would still refuse the address after the first was removed.
        String first = admin.ok(new Command.BanAdd("ip", "203.0.113.9", "spam", null)).text("ban");
        RequestException twice = admin.error(new Command.BanAdd("ip", "::ffff:203.0.113.9", "spam again", null));
        assertThat(twice.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(twice.reason()).isEqualTo("ip 203.0.113.9 is banned already (ban " + first + "); remove that ban first to change it");
        admin.ok(new Command.BanRemove(first));
        admin.ok(new Command.BanAdd("ip", "203.0.113.9", "spam again", null));
    }

    @Test
    void chatListFiltersAndStatsMeasureTheDay() {
        MutableClock clock = new MutableClock();
        server = TestServer.start(b -> b.rateBurst = 1000, clock);
        TestServer.Client admin = server.adminClient();
        TestServer.Client alice = server.agent("alice");
        TestServer.Client one = server.customer("One");
        String c1 = one.open("first");
        alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(c1) && "active".equals(c.state()));
        clock.advance(Duration.ofSeconds(20));
        alice.say(c1, "hello one");
        clock.advance(Duration.ofSeconds(40));
        alice.ok(new Command.Close(c1, null, "bye", null));
        one.ok(new Command.Rate(c1, 5, null, null));

        alice.ok(new Command.Status("away"));
        TestServer.Client two = server.customer("Two");
        String c2 = two.open("second");
        clock.advance(Duration.ofSeconds(30));
        two.ok(new Command.Close(c2, null, null, null));

        assertThat(field(admin.ok(new Command.Chats("closed", null, null, null)).get("chats"), "chat")).containsExactly(c2, c1);
        assertThat(field(admin.ok(new Command.Chats(null, "alice", null, null)).get("chats"), "chat")).containsExactly(c1);
        JsonNode first = admin.ok(new Command.Chats(null, "alice", null, null)).get("chats").get(0);
        assertThat(first.path("rating").path("score").asInt()).isEqualTo(5);
        ServerFrame.Ok page = admin.ok(new Command.Chats(null, null, null, 1));
        assertThat(page.get("more").asBoolean()).isTrue();
        assertThat(field(page.get("chats"), "chat")).containsExactly(c2);
        ServerFrame.Ok next = admin.ok(new Command.Chats(null, null, null, 1, c2));
        assertThat(field(next.get("chats"), "chat")).containsExactly(c1);
        assertThat(next.get("more").asBoolean()).isFalse();

        JsonNode overall = admin.ok(new Command.Stats(null, null)).get("overall");
        assertThat(overall.path("chats").asInt()).isEqualTo(2);
        assertThat(overall.path("closed").asInt()).isEqualTo(2);
        assertThat(overall.path("abandoned").asInt()).as("Two left before an answer").isEqualTo(1);
        assertThat(overall.path("firstResponseMs").path("median").asLong()).isEqualTo(20_000);
        assertThat(overall.path("responseMs").path("count").asInt()).as("one customer wait was answered").isEqualTo(1);
        assertThat(overall.path("responseMs").path("average").asLong()).isEqualTo(20_000);
        assertThat(overall.path("queueWaitMs").path("count").asInt()).isEqualTo(1);
        assertThat(overall.path("resolutionMs").path("max").asLong()).isEqualTo(60_000);
        assertThat(overall.path("csat").path("average").asDouble()).isEqualTo(5.0);
        JsonNode perAlice = admin.ok(new Command.Stats(null, null)).get("agents").get("alice");
        assertThat(perAlice.path("chats").asInt()).isEqualTo(1);
    }
}
