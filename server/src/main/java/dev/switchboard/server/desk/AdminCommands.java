package dev.switchboard.server.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.TerminalText;
import dev.switchboard.protocol.Times;
import dev.switchboard.server.accounts.Kind;
import dev.switchboard.server.accounts.Passwords;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.net.ClientAddress;
import dev.switchboard.server.store.AccountRow;
import dev.switchboard.server.store.Store;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Administrative writes (accounts, tokens, canned texts, bans), applied on the desk thread so that they are
 * ordered with chat traffic and committed in its batches. Each checks the caller's kind first and leaves an
 * audit entry.
 */
final class AdminCommands {
    private final Desk desk;

    AdminCommands(Desk desk) {
        this.desk = desk;
    }

    boolean handles(Command c) {
        return c instanceof Command.AccountCreate || c instanceof Command.AccountUpdate
                || c instanceof Command.AccountPassword || c instanceof Command.AccountList
                || c instanceof Command.TokenCreate || c instanceof Command.TokenRevoke
                || c instanceof Command.CannedAdd || c instanceof Command.CannedEdit || c instanceof Command.CannedRemove
                || c instanceof Command.BanAdd || c instanceof Command.BanRemove
                || c instanceof Command.SshKeyAdd || c instanceof Command.SshKeyRemove;
    }

    void apply(Peer peer, Principal who, Object id, Command c, String passwordHash) throws SQLException {
        ObjectNode result = desk.result();
        if (c instanceof Command.AccountCreate a) {
            adminOnly(who);
            if (desk.agents.containsKey(a.user())) {
                throw new ProtocolException(ErrorCode.CONFLICT, "account '" + a.user() + "' exists already");
            }
            if ("bot".equals(a.kind()) && a.password() != null) {
                throw ProtocolException.badFrame("bots sign in with tokens, not passwords: create one with token.create");
            }
            insert(new AccountRow(a.user(), a.name() != null ? a.name() : a.user(), a.kind(), passwordHash,
                    a.cap(), a.team(), false, desk.now()));
            audit(peer, "account.create", a.user(), a.kind());
            result.put("user", a.user());
            result.put("kind", a.kind());
        } else if (c instanceof Command.AccountUpdate u) {
            adminOnly(who);
            AgentState a = account(u.user());
            AccountRow old = a.account;
            AccountRow row = new AccountRow(old.username(), u.name() != null ? u.name() : old.displayName(),
                    u.kind() != null ? u.kind() : old.kind(), old.passwordHash(), u.cap() != null ? u.cap() : old.cap(),
                    u.team() != null ? u.team() : old.team(), u.disabled() != null ? u.disabled() : old.disabled(),
                    old.createdAt());
            if (who.user().equals(row.username()) && (row.disabled() || !"admin".equals(row.kind()))) {
                throw new ProtocolException(ErrorCode.INVALID_STATE, "you may not disable or demote your own account");
            }
            desk.store().update("UPDATE accounts SET display_name = ?, kind = ?, cap = ?, team = ?, disabled = ? WHERE username = ?",
                    row.displayName(), row.kind(), row.cap(), row.team(), row.disabled(), row.username());
            a.account = row;
            // Connected sessions act with the new kind and name at once, not after a reconnect.
            Principal updated = Principal.staff(Kind.of(row.kind()), row.username(), row.displayName());
            a.sessions.forEach(s -> s.attach(updated));
            if (row.disabled()) {
                byte[] bye = desk.error(null, ErrorCode.AUTH_FAILED, "your account was disabled");
                List.copyOf(a.sessions).forEach(s -> desk.afterCommit(() -> s.closeWith(bye)));
            }
            audit(peer, "account.update", u.user(), describe(u));
            result.put("user", row.username());
        } else if (c instanceof Command.AccountPassword p) {
            if (!who.kind().isAdmin() && !p.user().equals(who.user())) {
                throw ChatCommands.forbidden("only admins set other people's passwords");
            }
            AgentState a = account(p.user());
            if ("bot".equals(a.account.kind())) {
                throw new ProtocolException(ErrorCode.INVALID_STATE, "bots sign in with tokens, not passwords");
            }
            desk.store().update("UPDATE accounts SET password_hash = ? WHERE username = ?", passwordHash, p.user());
            a.account = a.account.withPasswordHash(passwordHash);
            audit(peer, "account.password", p.user(), null);
            result.put("user", p.user());
        } else if (c instanceof Command.AccountList) {
            adminOnly(who);
            result.set("accounts", desk.presence());
        } else if (c instanceof Command.TokenCreate t) {
            adminOnly(who);
            account(t.user());
            String tokenId = String.valueOf(++desk.lastObjectId);
            String secret = Passwords.randomSecret();
            desk.store().update("INSERT INTO tokens (id, username, token_hash, label, created_at) VALUES (?,?,?,?,?)",
                    tokenId, t.user(), Passwords.tokenHash(secret), t.label(), desk.now());
            audit(peer, "token.create", t.user(), "token " + tokenId);
            result.put("tokenId", tokenId);
            result.put("user", t.user());
            result.put("token", secret);
        } else if (c instanceof Command.TokenRevoke t) {
            adminOnly(who);
            int n = desk.store().update("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", desk.now(),
                    t.tokenId());
            if (n == 0) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no active token '" + t.tokenId() + "'");
            }
            audit(peer, "token.revoke", t.tokenId(), null);
            result.put("tokenId", t.tokenId());
        } else if (c instanceof Command.CannedAdd a) {
            String owner = a.owner();
            mayManageCanned(who, owner);
            if (owner != null) {
                account(owner);
            }
            if (cannedByShortcut(a.shortcut(), owner).isPresent()) {
                throw new ProtocolException(ErrorCode.CONFLICT, "the shortcut '" + a.shortcut() + "' exists already"
                        + (owner == null ? "" : " for " + owner));
            }
            String cannedId = String.valueOf(++desk.lastObjectId);
            desk.store().update("INSERT INTO canned (id, shortcut, text, owner, created_at) VALUES (?,?,?,?,?)",
                    cannedId, a.shortcut(), a.text(), owner, desk.now());
            audit(peer, "canned.add", a.shortcut(), owner);
            result.put("canned", cannedId);
        } else if (c instanceof Command.CannedEdit e) {
            Object[] row = canned(e.canned());
            String owner = (String) row[1];
            mayManageCanned(who, owner);
            if (e.shortcut() != null && !e.shortcut().equals(row[0])) {
                Optional<String> clash = cannedByShortcut(e.shortcut(), owner);
                if (clash.isPresent()) {
                    throw new ProtocolException(ErrorCode.CONFLICT, "the shortcut '" + e.shortcut() + "' exists already");
                }
            }
            desk.store().update("UPDATE canned SET shortcut = COALESCE(?, shortcut), text = COALESCE(?, text) WHERE id = ?",
                    e.shortcut(), e.text(), e.canned());
            audit(peer, "canned.edit", e.canned(), null);
            result.put("canned", e.canned());
        } else if (c instanceof Command.CannedRemove r) {
            Object[] row = canned(r.canned());
            mayManageCanned(who, (String) row[1]);
            desk.store().update("DELETE FROM canned WHERE id = ?", r.canned());
            audit(peer, "canned.remove", r.canned(), (String) row[0]);
            result.put("canned", r.canned());
        } else if (c instanceof Command.BanAdd b) {
            adminOnly(who);
            Long until = b.until() == null ? null : Times.parse(b.until());
            if (until != null && until <= desk.now()) {
                throw ProtocolException.badFrame("'until' is already past (" + b.until() + "): the ban would refuse nobody");
            }
            String value = banned(b);
            if ("customer".equals(b.kind()) && Long.parseLong(value) > desk.lastCustomerId) {
                // Customer numbers are handed out in order: one above the last was never a customer.
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no customer " + value);
            }
            // A second ban on the same value would outlive the removal of the first: "unbanned" but still refused.
            Optional<String> inForce = desk.store().queryWriter(conn -> Store.one(conn,
                    "SELECT id FROM bans WHERE kind = ? AND value = ? AND (until_at IS NULL OR until_at > ?)",
                    rs -> rs.getString("id"), b.kind(), value, desk.now()));
            if (inForce.isPresent()) {
                throw new ProtocolException(ErrorCode.CONFLICT, b.kind() + " " + value + " is banned already (ban "
                        + inForce.get() + "); remove that ban first to change it");
            }
            String banId = String.valueOf(++desk.lastObjectId);
            desk.store().update("INSERT INTO bans (id, kind, value, reason, until_at, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
                    banId, b.kind(), value, b.reason(), until, who.user(), desk.now());
            audit(peer, "ban.add", b.kind() + " " + value, b.reason());
            result.put("ban", banId);
        } else if (c instanceof Command.BanRemove r) {
            adminOnly(who);
            if (desk.store().update("DELETE FROM bans WHERE id = ?", r.ban()) == 0) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no ban '" + r.ban() + "'");
            }
            audit(peer, "ban.remove", r.ban(), null);
            result.put("ban", r.ban());
        } else if (c instanceof Command.SshKeyAdd k) {
            adminOnly(who);
            AgentState a = account(k.user());
            if ("bot".equals(a.account.kind())) {
                throw new ProtocolException(ErrorCode.INVALID_STATE, "bots sign in with tokens, not over SSH");
            }
            String[] key = parseSshKey(k.key());
            if (desk.store().queryWriter(conn -> Store.one(conn, "SELECT key_id FROM ssh_keys WHERE username = ? AND fingerprint = ?",
                    rs -> rs.getString("key_id"), k.user(), key[2])).isPresent()) {
                throw new ProtocolException(ErrorCode.CONFLICT, k.user() + " has this key already (" + key[2] + ")");
            }
            String keyId = String.valueOf(++desk.lastObjectId);
            desk.store().update("INSERT INTO ssh_keys (key_id, username, fingerprint, public_key, comment, created_at)"
                    + " VALUES (?,?,?,?,?,?)", keyId, k.user(), key[2], key[0] + " " + key[1], key[3], desk.now());
            audit(peer, "sshkey.add", k.user(), key[2]);
            result.put("keyId", keyId);
            result.put("user", k.user());
            result.put("fingerprint", key[2]);
        } else if (c instanceof Command.SshKeyRemove r) {
            adminOnly(who);
            if (desk.store().update("DELETE FROM ssh_keys WHERE username = ? AND fingerprint = ?", r.user(), r.fingerprint()) == 0) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no key " + r.fingerprint() + " for '" + r.user() + "'");
            }
            audit(peer, "sshkey.remove", r.user(), r.fingerprint());
            result.put("user", r.user());
            result.put("fingerprint", r.fingerprint());
        }
        desk.ok(peer, id, result, null);
    }

    private static final java.util.Set<String> SSH_KEY_TYPES = java.util.Set.of("ssh-ed25519", "ssh-rsa",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");

    /**
     * An OpenSSH public key line ({@code type base64 [comment]}): checks that the blob decodes and names the same
     * type, and returns {type, base64, fingerprint ("SHA256:…" as OpenSSH prints it), comment or null}.
     */
    static String[] parseSshKey(String line) {
        String[] parts = line.strip().split("\\s+", 3);
        if (parts.length < 2 || !SSH_KEY_TYPES.contains(parts[0])) {
            throw ProtocolException.badFrame("'key' must be an OpenSSH public key line (ssh-ed25519, ecdsa-sha2-*, ssh-rsa)");
        }
        byte[] blob;
        try {
            blob = java.util.Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw ProtocolException.badFrame("'key' is not valid base64");
        }
        byte[] type = parts[0].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (blob.length < 4 + type.length + 4 || java.nio.ByteBuffer.wrap(blob).getInt() != type.length
                || !java.util.Arrays.equals(blob, 4, 4 + type.length, type, 0, type.length)) {
            throw ProtocolException.badFrame("'key' does not hold a " + parts[0] + " key");
        }
        String fingerprint;
        try {
            fingerprint = "SHA256:" + java.util.Base64.getEncoder().withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String comment = parts.length == 3 && !parts[2].isBlank() ? parts[2].strip() : null;
        return new String[] {parts[0], parts[1], fingerprint, comment};
    }

    private AgentState account(String user) {
        AgentState a = desk.agents.get(user);
        if (a == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no account '" + user + "'");
        }
        return a;
    }

    private Optional<String> cannedByShortcut(String shortcut, String owner) throws SQLException {
        return desk.store().queryWriter(c -> Store.one(c,
                "SELECT id FROM canned WHERE shortcut = ? AND " + (owner == null ? "owner IS NULL" : "owner = ?"),
                rs -> rs.getString("id"), owner == null ? new Object[] {shortcut} : new Object[] {shortcut, owner}));
    }

    private Object[] canned(String id) throws SQLException {
        return desk.store().queryWriter(c -> Store.one(c, "SELECT shortcut, owner FROM canned WHERE id = ?",
                rs -> new Object[] {rs.getString("shortcut"), rs.getString("owner")}, id))
                .orElseThrow(() -> new ProtocolException(ErrorCode.NOT_FOUND, "no canned text '" + id + "'"));
    }

    /** Shared canned texts are the admins'; personal ones also their owner's. */
    private static void mayManageCanned(Principal who, String owner) {
        if (who.isCustomer() || !who.kind().isAdmin() && !who.user().equals(owner)) {
            throw ChatCommands.forbidden(owner == null ? "only admins manage shared canned texts"
                    : "only admins and " + owner + " manage " + owner + "'s canned texts");
        }
    }

    private static void adminOnly(Principal who) {
        if (who.isCustomer() || who.kind() != Kind.ADMIN) {
            throw ChatCommands.forbidden("only admins may do this");
        }
    }

    private static String describe(Command.AccountUpdate u) {
        StringBuilder b = new StringBuilder();
        if (u.name() != null) {
            b.append("name ");
        }
        if (u.kind() != null) {
            b.append("kind=").append(u.kind()).append(' ');
        }
        if (u.cap() != null) {
            b.append("cap=").append(u.cap()).append(' ');
        }
        if (u.team() != null) {
            b.append("team=").append(u.team()).append(' ');
        }
        if (u.disabled() != null) {
            b.append("disabled=").append(u.disabled());
        }
        return b.toString().trim();
    }

    /** The first start's admin (see {@link DeskTask.FirstAdmin}); audited as created by "system". */
    void createFirstAdmin(AccountRow row, CompletableFuture<Boolean> created) throws SQLException {
        if (!desk.agents.isEmpty()) {
            created.complete(false);
            return;
        }
        insert(row);
        desk.audit("system", "account.create", row.username(), row.kind(), null);
        desk.afterCommit(() -> created.complete(true));
    }

    private void insert(AccountRow row) throws SQLException {
        desk.store().update("INSERT INTO accounts (username, display_name, kind, password_hash, cap, team, disabled,"
                + " created_at) VALUES (?,?,?,?,?,?,?,?)", row.username(), row.displayName(), row.kind(),
                row.passwordHash(), row.cap(), row.team(), row.disabled(), row.createdAt());
        desk.agents.put(row.username(), new AgentState(row));
    }

    private void audit(Peer peer, String action, String target, String detail) throws SQLException {
        desk.audit(peer.principal().sender(), action, target, detail, peer.remoteIp());
    }

    /**
     * What a ban matches, as the desk compares it: an IP address in the form a connection's address is written
     * (so {@code 2001:db8::1} matches however it was typed), or a customer number. Anything else could never
     * match, and a ban that silently bans nobody is worse than an error.
     */
    private static String banned(Command.BanAdd b) {
        if ("ip".equals(b.kind())) {
            String ip = ClientAddress.canonical(b.value());
            if (ip == null) {
                throw ProtocolException.badFrame("'value' must be an IP address such as 203.0.113.9 or "
                        + "2001:db8::1 for an ip ban, not '" + TerminalText.line(b.value()) + "'");
            }
            return ip;
        }
        if (!b.value().matches("[1-9][0-9]{0,17}")) {
            throw ProtocolException.badFrame("'value' must be a customer number (the customer id that "
                    + "chats list shows) for a customer ban, not '" + TerminalText.line(b.value()) + "'");
        }
        return b.value();
    }
}
