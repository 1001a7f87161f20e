package dev.switchboard.server.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.accounts.Principal;
import dev.switchboard.server.store.ChatRow;
import dev.switchboard.server.store.EventRow;
import dev.switchboard.server.store.Store;
import java.sql.SQLException;
import java.util.Optional;

/** The chat commands of protocol v1, applied on the desk thread. Each checks everything before it changes anything. */
final class ChatCommands {
    /** {@code transfer} to {@code "team:<name>"} puts a chat at the head of that team's queue. */
    static final String TEAM_PREFIX = "team:";
    private final Desk desk;

    ChatCommands(Desk desk) {
        this.desk = desk;
    }

    void apply(Peer peer, Principal who, Object id, Command c) throws SQLException {
        if (c instanceof Command.Open o) {
            open(peer, who, id, o);
        } else if (c instanceof Command.Say s) {
            say(peer, who, id, s);
        } else if (c instanceof Command.Note n) {
            note(peer, who, id, n);
        } else if (c instanceof Command.Typing t) {
            typing(who, t);
        } else if (c instanceof Command.Accept a) {
            accept(peer, who, id, a);
        } else if (c instanceof Command.Transfer t) {
            transfer(peer, who, id, t);
        } else if (c instanceof Command.Close cl) {
            close(peer, who, id, cl);
        } else if (c instanceof Command.Rate r) {
            rate(peer, who, id, r);
        } else if (c instanceof Command.Status s) {
            status(peer, who, id, s);
        } else if (c instanceof Command.Hold h) {
            hold(peer, who, id, h);
        } else if (c instanceof Command.Earlier e) {
            earlier(peer, who, id, e);
        } else if (c instanceof Command.Agents) {
            staffOnly(who);
            ObjectNode result = desk.result();
            result.set("agents", desk.presence());
            desk.ok(peer, id, result, null);
        } else {
            throw new ProtocolException(ErrorCode.INTERNAL, "the desk does not handle " + c.getClass().getSimpleName());
        }
    }

    // ---- commands ------------------------------------------------------------------------------

    private void open(Peer peer, Principal who, Object id, Command.Open o) throws SQLException {
        if (!who.isCustomer()) {
            throw forbidden("only customers open chats");
        }
        Bans.check(desk.store(), desk.now(), who.customerId(), peer.remoteIp());
        if (desk.openByCustomer(who.customerId()) >= desk.config.maxOpenPerCustomer()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "you have " + desk.config.maxOpenPerCustomer()
                    + " open chats already; close one first");
        }
        if (peer.remoteIp() != null && desk.openByIp(peer.remoteIp()) >= desk.config.maxOpenPerIp()) {
            throw new ProtocolException(ErrorCode.CONFLICT, "too many open chats from your address");
        }
        Object[] customer = desk.store().queryWriter(conn -> Store.one(conn,
                "SELECT name, email FROM customers WHERE id = ?",
                rs -> new Object[] {rs.getString("name"), rs.getString("email")}, who.customerId())).orElseThrow();
        long no = desk.lastSeq + 1;
        String email = (String) customer[1];
        int earlier = desk.returning.earlierCount(who.customerId(), email, "c" + no, desk.now());
        ChatState chat = new ChatState("c" + no, no, who.customerId(), (String) customer[0], email,
                peer.context(), contextJson(peer), o.topic(), peer.remoteIp(), desk.now(), earlier);
        chat.waitingSince = desk.now();
        chat.team = desk.routing.teamFor(o.topic());
        chat.preferredAgent = desk.returning.lastAgent(who.customerId(), email);
        desk.register(chat);
        desk.enqueue(chat, false);
        long seq = desk.emitChat(chat, EventRow.ALL_STAFF, null, who, o.cid());
        ObjectNode result = desk.result();
        result.put("chat", chat.id);
        result.put("seq", seq);
        if (o.text() != null) {
            long msg = desk.emitMessage(chat, from(who), o.text(), false, who, null, null);
            result.put("msg", "m" + msg);
        }
        desk.ok(peer, id, result, o.cid());
    }

    private void say(Peer peer, Principal who, Object id, Command.Say s) throws SQLException {
        ChatState chat = visible(who, s.chat());
        if (chat.state == ChatState.State.CLOSED) {
            if (!who.isCustomer() || !desk.idle.reopens(chat)) {
                throw closed(chat);
            }
            chat = reloaded(chat);
            desk.idle.reopen(chat);
        }
        if (!who.isCustomer()) {
            mustBeAssigned(who, chat, "write to");
        }
        long seq = desk.emitMessage(chat, from(who), s.text(), false, who, s.cid(), null);
        if (who.isCustomer()) {
            customerWrote(chat, seq);
        } else {
            agentReplied(chat, desk.agents.get(who.user()), seq);
        }
        desk.ok(peer, id, messageResult(chat, seq), s.cid());
    }

    /** The customer is waiting again; a held chat comes back, and the idle countdown stops. */
    private void customerWrote(ChatState chat, long messageSeq) throws SQLException {
        chat.idleWarnedAt = null;
        if (chat.waitingSince == null || chat.onHold) {
            if (chat.waitingSince == null) {
                chat.waitingSince = desk.now();
            }
            chat.onHold = false;
            desk.emitWaitChange(chat, messageSeq);
        } else {
            desk.persist(chat);
        }
    }

    /** An agent's reply: the customer's wait ends, SLA outcomes are decided, the idle countdown starts. */
    private void agentReplied(ChatState chat, AgentState me, long messageSeq) throws SQLException {
        desk.sla.answering(chat);
        me.unansweredInARow = 0;
        chat.answeredAt = desk.now();
        chat.idleWarnedAt = null;
        if (chat.waitingSince != null) {
            chat.waitingSince = null;
            if (chat.firstResponseAt == null) {
                chat.firstResponseAt = desk.now();
            }
            desk.emitWaitChange(chat, messageSeq);
        } else {
            desk.persist(chat);
        }
    }

    private void note(Peer peer, Principal who, Object id, Command.Note n) throws SQLException {
        staffOnly(who);
        ChatState chat = visible(who, n.chat());
        if (chat.state == ChatState.State.CLOSED) {
            throw closed(chat);
        }
        if (!who.kind().oversees()) {
            mustBeAssigned(who, chat, "add notes to");
        }
        long seq = desk.emitMessage(chat, from(who), n.text(), true, who, n.cid(), null);
        desk.ok(peer, id, messageResult(chat, seq), n.cid());
    }

    /** Typing is relayed, never stored and never answered, not even with an error. */
    private void typing(Principal who, Command.Typing t) {
        ChatState chat = desk.chats.get(t.chat());
        if (chat == null || chat.state == ChatState.State.CLOSED) {
            return;
        }
        if (who.isCustomer() ? chat.customerId != who.customerId() : !who.user().equals(chat.agent)) {
            return;
        }
        byte[] frame = desk.codec.encode(new ServerFrame.Typing(chat.id, from(who), t.on()));
        desk.relay(chat, !who.isCustomer(), frame);
    }

    /**
     * A customer's last connection closed: they are not typing any more, whatever they said last. Without this the
     * agent's "is typing…" would stay up until the customer came back.
     */
    void customerGone(Principal customer) {
        if (desk.openByCustomer(customer.customerId()) == 0) {
            return;
        }
        for (ChatState chat : desk.chats.values()) {
            if (chat.customerId == customer.customerId() && chat.state == ChatState.State.ACTIVE) {
                desk.relay(chat, false, desk.codec.encode(new ServerFrame.Typing(chat.id, from(customer), false)));
            }
        }
    }

    private void accept(Peer peer, Principal who, Object id, Command.Accept a) throws SQLException {
        staffOnly(who);
        ChatState open = desk.chats.get(a.chat());
        if (open != null && open.state == ChatState.State.ACTIVE && !who.user().equals(open.agent)) {
            // Every agent saw it in the queue: losing the race is a conflict, not a secret.
            throw new ProtocolException(ErrorCode.CONFLICT, "chat " + open.id + " was taken by another agent");
        }
        ChatState chat = visible(who, a.chat());
        if (chat.state == ChatState.State.CLOSED) {
            throw closed(chat);
        }
        if (chat.state == ChatState.State.ACTIVE) {
            throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " is yours already");
        }
        AgentState me = desk.agents.get(who.user());
        String full = desk.routing.full(me);
        if (full != null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "you have reached " + full + "; close or transfer a chat first");
        }
        desk.assign(chat, me);
        desk.ok(peer, id, chatResult(chat), null);
    }

    private void transfer(Peer peer, Principal who, Object id, Command.Transfer t) throws SQLException {
        staffOnly(who);
        ChatState chat = visible(who, t.chat());
        if (chat.state == ChatState.State.CLOSED) {
            throw closed(chat);
        }
        if (!who.kind().oversees()) {
            mustBeAssigned(who, chat, "transfer");
        }
        String prev = chat.agent;
        if ("queue".equals(t.to())) {
            if (chat.state == ChatState.State.QUEUED) {
                throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " is in the queue already");
            }
            if (t.note() != null) {
                desk.emitMessage(chat, from(who), t.note(), true, who, null, null);
            }
            desk.requeue(chat, "transferred by " + who.user());
        } else if (t.to().startsWith(TEAM_PREFIX)) {
            transferToTeam(who, chat, t.to().substring(TEAM_PREFIX.length()), t.note());
        } else {
            AgentState target = desk.agents.get(t.to());
            if (target == null || target.kind() == null) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "no staff account '" + t.to() + "'");
            }
            if (t.to().equals(chat.agent)) {
                throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " is assigned to " + t.to() + " already");
            }
            if (target.account.disabled() || !target.present()) {
                throw new ProtocolException(ErrorCode.INVALID_STATE, t.to() + " is offline");
            }
            String full = desk.routing.full(target);
            if (full != null) {
                throw new ProtocolException(ErrorCode.CONFLICT, t.to() + " cannot take another chat: " + full);
            }
            desk.assign(chat, target);
            if (t.note() != null) {
                desk.emitMessage(chat, from(who), t.note(), true, who, null, prev);
            }
        }
        desk.ok(peer, id, chatResult(chat), null);
    }

    /** The chat goes to the head of the team's queue, whoever holds it now. */
    private void transferToTeam(Principal who, ChatState chat, String team, String note) throws SQLException {
        if (!desk.routing.teamExists(team)) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no team '" + team + "'");
        }
        if (team.equals(chat.team) && chat.state == ChatState.State.QUEUED) {
            throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " is in team " + team + "'s queue already");
        }
        if (note != null) {
            desk.emitMessage(chat, from(who), note, true, who, null, null);
        }
        chat.team = team;
        if (chat.state == ChatState.State.QUEUED) {
            desk.dequeue(chat);
            desk.enqueue(chat, true);
            desk.emitChat(chat, EventRow.ALL_STAFF, null, null, null);
        } else {
            desk.requeue(chat, "transferred to team " + team + " by " + who.user());
        }
    }

    private void close(Peer peer, Principal who, Object id, Command.Close cl) throws SQLException {
        ChatState chat = visible(who, cl.chat());
        if (chat.state == ChatState.State.CLOSED) {
            throw closed(chat);
        }
        if (!who.isCustomer() && !who.kind().oversees()) {
            mustBeAssigned(who, chat, "close");
        }
        if (cl.text() != null) {
            desk.emitMessage(chat, from(who), cl.text(), false, who, null, null);
        }
        if (!who.isCustomer() && AbusePolicy.REASON.equals(cl.reason())) {
            desk.abuse.closing(chat, who, peer.remoteIp());
        }
        String reason = cl.reason() != null ? cl.reason() : who.isCustomer() ? "customer_left" : "resolved";
        long seq = desk.closeChat(chat, reason, who.isCustomer() ? "customer" : who.user(), who, cl.cid());
        ObjectNode result = desk.result();
        result.put("chat", chat.id);
        result.put("seq", seq);
        desk.ok(peer, id, result, cl.cid());
    }

    private void rate(Peer peer, Principal who, Object id, Command.Rate r) throws SQLException {
        if (!who.isCustomer()) {
            throw forbidden("only the customer rates a chat");
        }
        ChatState chat = visible(who, r.chat());
        if (chat.state != ChatState.State.CLOSED) {
            throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " can be rated once it is closed");
        }
        if (AbusePolicy.REASON.equals(chat.closeReason)) {
            // Staff ended it for the customer's conduct: a score from them would only count against the agent.
            throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " was closed as abusive and cannot be rated");
        }
        if (chat.rating != null) {
            throw new ProtocolException(ErrorCode.CONFLICT, "chat " + chat.id + " is rated already");
        }
        chat.rating = r.score();
        chat.ratingComment = r.comment();
        long seq = desk.emitChat(chat, EventRow.PARTIES, null, who, r.cid());
        ObjectNode result = desk.result();
        result.put("chat", chat.id);
        result.put("seq", seq);
        desk.ok(peer, id, result, r.cid());
    }

    private void status(Peer peer, Principal who, Object id, Command.Status s) throws SQLException {
        staffOnly(who);
        AgentState me = desk.agents.get(who.user());
        boolean was = me.available;
        me.available = "available".equals(s.status());
        if (me.available) {
            // Declaring presence clears an automatic away: the agent is back at the desk.
            me.unansweredInARow = 0;
        }
        if (me.available != was) {
            // The same person's console and SSH session must agree on whether chats are coming to them.
            desk.notice(me, peer, "status", null, me.available ? "You are available again (set in another session)."
                    : "You are away (set in another session).", s.status());
        }
        desk.queueChanged();
        ObjectNode result = desk.result();
        result.put("status", s.status());
        desk.ok(peer, id, result, null);
    }

    private void hold(Peer peer, Principal who, Object id, Command.Hold h) throws SQLException {
        staffOnly(who);
        ChatState chat = visible(who, h.chat());
        if (chat.state == ChatState.State.CLOSED) {
            throw closed(chat);
        }
        mustBeAssigned(who, chat, "put on hold");
        if (chat.onHold == h.on()) {
            throw new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + (h.on() ? " is on hold already"
                    : " is not on hold"));
        }
        chat.onHold = h.on();
        desk.emitChat(chat, EventRow.PARTIES, null, null, null);
        desk.ok(peer, id, chatResult(chat), null);
    }

    private void earlier(Peer peer, Principal who, Object id, Command.Earlier e) throws SQLException {
        staffOnly(who);
        ChatState chat = visible(who, e.chat());
        ObjectNode result = desk.result();
        result.put("chat", chat.id);
        result.set("chats", desk.returning.earlierChats(chat, e.limit() == null ? 20 : e.limit()));
        desk.ok(peer, id, result, null);
    }

    // ---- visibility ----------------------------------------------------------------------------

    /**
     * The chat if {@code who} may see it, else {@code not_found} (its existence is not revealed). Agents see the
     * queue, their own chats and chats they handled before; supervisors and admins see all.
     */
    private ChatState visible(Principal who, String chatId) throws SQLException {
        ChatState chat = desk.chats.get(chatId);
        if (chat == null) {
            chat = loadClosed(chatId).orElseThrow(() -> notFound(chatId));
        }
        if (who.isCustomer()) {
            if (chat.customerId != who.customerId()) {
                throw notFound(chatId);
            }
            return chat;
        }
        if (who.kind().oversees() || chat.state == ChatState.State.QUEUED || who.user().equals(chat.agent)
                || handledBefore(who.user(), chatId)) {
            return chat;
        }
        throw notFound(chatId);
    }

    /** A closed chat as a full desk state (with its customer's earlier chats counted), to reopen it. */
    private ChatState reloaded(ChatState closed) throws SQLException {
        ChatRow row = desk.store().queryWriter(c -> Store.one(c, "SELECT * FROM chats WHERE id = ?", Store.CHAT, closed.id))
                .orElseThrow();
        return desk.fromRow(row, desk.returning.earlierCount(closed.customerId, closed.customerEmail, closed.id,
                closed.openedAt));
    }

    private Optional<ChatState> loadClosed(String chatId) throws SQLException {
        Optional<ChatRow> row = desk.store().queryWriter(c -> Store.one(c, "SELECT * FROM chats WHERE id = ?", Store.CHAT, chatId));
        return row.map(r -> desk.fromRow(r, 0));
    }

    private boolean handledBefore(String user, String chatId) throws SQLException {
        return desk.store().queryWriter(c -> Store.one(c, "SELECT 1 AS x FROM chat_agents WHERE chat_id = ? AND username = ?",
                rs -> true, chatId, user)).isPresent();
    }

    private static void mustBeAssigned(Principal who, ChatState chat, String action) {
        if (who.user().equals(chat.agent)) {
            return;
        }
        if (chat.state == ChatState.State.QUEUED) {
            throw forbidden("chat " + chat.id + " is in the queue: accept it before you " + action + " it");
        }
        throw forbidden("chat " + chat.id + " is assigned to " + chat.agent + "; you may read it but not " + action + " it");
    }

    private static void staffOnly(Principal who) {
        if (who.isCustomer()) {
            throw forbidden("customers may not use this command");
        }
    }

    static ProtocolException forbidden(String message) {
        return new ProtocolException(ErrorCode.FORBIDDEN, message);
    }

    private static ProtocolException notFound(String chatId) {
        return new ProtocolException(ErrorCode.NOT_FOUND, "no chat '" + chatId + "'");
    }

    private static ProtocolException closed(ChatState chat) {
        return new ProtocolException(ErrorCode.INVALID_STATE, "chat " + chat.id + " is closed");
    }

    private static ServerFrame.From from(Principal who) {
        return who.isCustomer() ? new ServerFrame.From("customer", who.name(), null)
                : new ServerFrame.From("agent", who.name(), who.user());
    }

    private ObjectNode messageResult(ChatState chat, long seq) {
        ObjectNode result = desk.result();
        result.put("chat", chat.id);
        result.put("msg", "m" + seq);
        result.put("seq", seq);
        return result;
    }

    private ObjectNode chatResult(ChatState chat) {
        ObjectNode result = desk.result();
        result.put("chat", chat.id);
        result.put("seq", chat.lastChatSeq);
        return result;
    }

    private String contextJson(Peer peer) {
        try {
            return peer.context() == null ? null : desk.codec.mapper().writeValueAsString(peer.context());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
