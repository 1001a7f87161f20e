package dev.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.Map;

/**
 * A frame a client sends. Each record's {@link JsonTypeName} is its wire {@code type}; the envelope
 * {@code id} travels beside the record (see {@link Codec}). {@link #validate} enforces the field rules of
 * protocol/README.md so that the server and every client agree on them.
 */
public sealed interface Command {

    /** Throws {@link ProtocolException} ({@code bad_frame}) naming the first offending field. */
    default void validate(Limits limits) {
    }

    /** Writes that a {@code cid} makes idempotent. */
    interface Idempotent {
        String cid();
    }

    /** Commands that name a chat. */
    interface ChatCommand {
        String chat();
    }

    // ---- session ------------------------------------------------------------------------------

    @JsonTypeName("hello")
    record Hello(String role, String name, String email, Map<String, String> context, String user,
                 String password, String token, String resume, Long after) implements Command {
        /** The name of a customer who gave none: shown as a name, but not one to greet anybody by. */
        public static final String ANONYMOUS_CUSTOMER = "Visitor";

        @Override
        public void validate(Limits limits) {
            Check.oneOf("role", Check.required("role", role), "customer", "agent");
            Check.label("name", name, limits.maxNameCodePoints());
            Check.label("email", email, 254);
            Check.context(context, limits);
            Check.password("password", password, limits);
            Check.password("token", token, limits);
            Check.password("resume", resume, limits);
            Check.range("after", after, 0, Limits.MAX_SAFE_INTEGER);
            if ("agent".equals(role)) {
                Check.label("user", Check.required("user", user), 64);
                if ((password == null) == (token == null)) {
                    throw ProtocolException.badFrame("staff hello needs exactly one of 'password' or 'token'");
                }
            }
        }

        public static Hello customer(String name, String email, Map<String, String> context) {
            return new Hello("customer", name, email, context, null, null, null, null, null);
        }

        public static Hello staffPassword(String user, String password) {
            return new Hello("agent", null, null, null, user, password, null, null, null);
        }

        public static Hello staffToken(String user, String token) {
            return new Hello("agent", null, null, null, user, null, token, null, null);
        }

        public Hello resuming(String resumeToken, Long afterSeq) {
            return new Hello(role, name, email, context, user, password, token, resumeToken, afterSeq);
        }
    }

    @JsonTypeName("ping")
    record Ping() implements Command {
    }

    // ---- chats --------------------------------------------------------------------------------

    @JsonTypeName("open")
    record Open(String text, String topic, String cid) implements Command, Idempotent {
        @Override
        public void validate(Limits limits) {
            Check.optionalText("text", text, limits);
            Check.label("topic", topic, 64);
            Check.optionalId("cid", cid);
        }
    }

    @JsonTypeName("say")
    record Say(String chat, String text, String cid) implements Command, Idempotent, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.text("text", text, limits);
            Check.optionalId("cid", cid);
        }
    }

    @JsonTypeName("note")
    record Note(String chat, String text, String cid) implements Command, Idempotent, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.text("text", text, limits);
            Check.optionalId("cid", cid);
        }
    }

    @JsonTypeName("typing")
    record Typing(String chat, Boolean on) implements Command, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.required("on", on);
        }
    }

    @JsonTypeName("accept")
    record Accept(String chat) implements Command, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
        }
    }

    @JsonTypeName("transfer")
    record Transfer(String chat, String to, String note) implements Command, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.label("to", Check.required("to", to), 64);
            Check.optionalText("note", note, limits);
        }
    }

    @JsonTypeName("close")
    record Close(String chat, String reason, String text, String cid) implements Command, Idempotent, ChatCommand {
        /** Staff ending a chat for the customer's conduct: the abuse policy applies, and the chat is not rated. */
        public static final String ABUSIVE = "abusive";

        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.label("reason", reason, 64);
            Check.optionalText("text", text, limits);
            Check.optionalId("cid", cid);
        }
    }

    @JsonTypeName("rate")
    record Rate(String chat, Integer score, String comment, String cid) implements Command, Idempotent, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.range("score", Check.required("score", score), 1, 5);
            Check.optionalText("comment", comment, limits);
            Check.optionalId("cid", cid);
        }
    }

    @JsonTypeName("status")
    record Status(String status) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.oneOf("status", Check.required("status", status), "available", "away");
        }
    }

    /**
     * Extension: the assigned agent puts a chat on hold (waiting on something outside the chat) or takes it off
     * hold. A held chat does not count towards the agent's cap; it comes back when the customer writes.
     */
    @JsonTypeName("hold")
    record Hold(String chat, Boolean on) implements Command, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.required("on", on);
        }
    }

    /** Extension: staff list the earlier chats of a chat's customer (same token or same email), newest first. */
    @JsonTypeName("earlier")
    record Earlier(String chat, Integer limit) implements Command, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.range("limit", limit, 1, 100);
        }
    }

    @JsonTypeName("history")
    record History(String chat, Long before, Integer limit) implements Command, ChatCommand {
        @Override
        public void validate(Limits limits) {
            Check.id("chat", chat);
            Check.range("before", before, 0, Limits.MAX_SAFE_INTEGER);
            Check.range("limit", limit, 1, 200);
        }
    }

    @JsonTypeName("canned")
    record Canned(String owner) implements Command {
        /** The shared canned texts and the caller's own. */
        public Canned() {
            this(null);
        }

        @Override
        public void validate(Limits limits) {
            Check.label("owner", owner, 64);
        }
    }

    /** Extension: staff list colleagues with presence, for transfer pickers. */
    @JsonTypeName("agents")
    record Agents() implements Command {
    }

    // ---- administration (extension: names documented in protocol/README.md) -------------------

    @JsonTypeName("account.create")
    record AccountCreate(String user, String kind, String name, String password, Integer cap, String team)
            implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", Check.required("user", user), 64);
            if (!user.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw ProtocolException.badFrame("'user' must be lower-case letters, digits, '.', '_' or '-'");
            }
            if (user.equals("queue")) {
                throw ProtocolException.badFrame("'queue' is reserved (transfer uses it for the queue)");
            }
            Check.oneOf("kind", Check.required("kind", kind), "agent", "supervisor", "admin", "bot");
            Check.label("name", name, limits.maxNameCodePoints());
            Check.password("password", password, limits);
            Check.range("cap", cap, 0, 1000);
            Check.label("team", team, 64);
        }
    }

    @JsonTypeName("account.list")
    record AccountList() implements Command {
    }

    @JsonTypeName("account.update")
    record AccountUpdate(String user, String name, String kind, Integer cap, String team, Boolean disabled)
            implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", Check.required("user", user), 64);
            Check.label("name", name, limits.maxNameCodePoints());
            Check.oneOf("kind", kind, "agent", "supervisor", "admin", "bot");
            Check.range("cap", cap, 0, 1000);
            Check.label("team", team, 64);
        }
    }

    @JsonTypeName("account.password")
    record AccountPassword(String user, String password) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", Check.required("user", user), 64);
            Check.password("password", Check.required("password", password), limits);
        }
    }

    @JsonTypeName("token.create")
    record TokenCreate(String user, String label) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", Check.required("user", user), 64);
            Check.label("label", label, 64);
        }
    }

    @JsonTypeName("token.list")
    record TokenList(String user) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", user, 64);
        }
    }

    @JsonTypeName("token.revoke")
    record TokenRevoke(String tokenId) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.id("tokenId", tokenId);
        }
    }

    @JsonTypeName("canned.add")
    record CannedAdd(String shortcut, String text, String owner) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.shortcut("shortcut", Check.required("shortcut", shortcut));
            Check.text("text", text, limits);
            Check.label("owner", owner, 64);
        }
    }

    @JsonTypeName("canned.edit")
    record CannedEdit(String canned, String shortcut, String text) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.id("canned", canned);
            Check.shortcut("shortcut", shortcut);
            Check.optionalText("text", text, limits);
        }
    }

    @JsonTypeName("canned.remove")
    record CannedRemove(String canned) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.id("canned", canned);
        }
    }

    @JsonTypeName("ban.add")
    record BanAdd(String kind, String value, String reason, String until) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.oneOf("kind", Check.required("kind", kind), "customer", "ip");
            Check.label("value", Check.required("value", value), 256);
            Check.label("reason", reason, 200);
            Check.time("until", until);
        }
    }

    @JsonTypeName("ban.list")
    record BanList() implements Command {
    }

    @JsonTypeName("ban.remove")
    record BanRemove(String ban) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.id("ban", ban);
        }
    }

    @JsonTypeName("chats")
    record Chats(String state, String agent, String since, Integer limit, String before) implements Command {
        public Chats(String state, String agent, String since, Integer limit) {
            this(state, agent, since, limit, null);
        }

        @Override
        public void validate(Limits limits) {
            Check.oneOf("state", state, "open", "queued", "active", "closed");
            Check.label("agent", agent, 64);
            Check.time("since", since);
            Check.range("limit", limit, 1, 1000);
            Check.optionalId("before", before);
        }
    }

    /** Extension: the audit log, newest first (admins). */
    @JsonTypeName("audit")
    record Audit(String since, Integer limit) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.time("since", since);
            Check.range("limit", limit, 1, 1000);
        }
    }

    @JsonTypeName("stats")
    record Stats(String since, String until) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.time("since", since);
            Check.time("until", until);
            if (since != null && until != null && Times.parse(since) >= Times.parse(until)) {
                // An empty window would answer zeros that look like a quiet day.
                throw ProtocolException.badFrame("'since' must be before 'until'");
            }
        }
    }

    /** Registers an OpenSSH public key ({@code "ssh-ed25519 AAAA… comment"}) for a staff account's SSH logins. */
    @JsonTypeName("sshkey.add")
    record SshKeyAdd(String user, String key) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", Check.required("user", user), 64);
            Check.label("key", Check.required("key", key), 16_384);
        }
    }

    @JsonTypeName("sshkey.list")
    record SshKeyList(String user) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", user, 64);
        }
    }

    /** Removes a registered key by its SHA256 fingerprint (as {@code sshkey.list} shows it). */
    @JsonTypeName("sshkey.remove")
    record SshKeyRemove(String user, String fingerprint) implements Command {
        @Override
        public void validate(Limits limits) {
            Check.label("user", Check.required("user", user), 64);
            Check.label("fingerprint", Check.required("fingerprint", fingerprint), 128);
        }
    }
}
