package dev.switchboard.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** A frame the server sends. Each record's {@link JsonTypeName} is its wire {@code type}. */
public sealed interface ServerFrame {

    /** Replies echo the request's {@code id} as {@code re}. */
    interface Reply {
        Object re();
    }

    /** Chat events: stored, carry a {@code seq}, replayed on resume. */
    sealed interface ChatEventFrame extends ServerFrame {
        long seq();

        String chat();

        String cid();
    }

    @JsonTypeName("welcome")
    record Welcome(Object re, String role, String session, String token, int protocol, String server,
                   String user, String name, String kind, long seq, String store) implements ServerFrame, Reply {
    }

    /**
     * Success. On the wire the result's fields sit beside {@code type} and {@code re}
     * ({@code {"type":"ok","re":1,"chat":"c7"}}); {@link Codec} flattens them.
     */
    @JsonTypeName("ok")
    record Ok(Object re, ObjectNode result) implements ServerFrame, Reply {
        public JsonNode get(String field) {
            return result.get(field);
        }

        public String text(String field) {
            JsonNode n = result.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }

        public long seq() {
            return result.path("seq").asLong(-1);
        }
    }

    @JsonTypeName("error")
    record Error(Object re, String code, String message) implements ServerFrame, Reply {
        public ErrorCode errorCode() {
            return ErrorCode.fromWire(code);
        }
    }

    @JsonTypeName("pong")
    record Pong(Object re) implements ServerFrame, Reply {
    }

    @JsonTypeName("resumed")
    record Resumed(long seq, long replayed) implements ServerFrame {
    }

    @JsonTypeName("snapshot")
    record Snapshot(List<Chat> chats, int chatsTotal, List<Chat> queue, int queueTotal, long seq) implements ServerFrame {
    }

    /** Who a chat belongs to, as agents see it. {@code earlier} counts the customer's earlier chats. */
    record Customer(String name, String email, Map<String, String> context, Integer earlier) {
    }

    record Agent(String user, String name) {
    }

    record From(String role, String name, String user) {
    }

    /** The customer's rating of a closed chat. */
    record Rating(int score, String comment) {
    }

    /**
     * A chat's state. Extensions at the end, absent unless they apply: {@code team} the team it is routed to,
     * {@code hold} true while the agent has put it on hold, {@code estimatedWaitMinutes} (only in the queued
     * customer's own position updates, once the desk has handling times to estimate from).
     */
    @JsonTypeName("chat")
    record Chat(long seq, String at, String chat, String state, Customer customer, Agent agent, String topic,
                String openedAt, String waitingSince, Integer position, String reason, Rating rating, String cid,
                String team, Boolean hold, Integer estimatedWaitMinutes)
            implements ChatEventFrame {
        /** The protocol v1 fields only. */
        public Chat(long seq, String at, String chat, String state, Customer customer, Agent agent, String topic,
                    String openedAt, String waitingSince, Integer position, String reason, Rating rating, String cid) {
            this(seq, at, chat, state, customer, agent, topic, openedAt, waitingSince, position, reason, rating, cid,
                    null, null, null);
        }

        public Chat withCid(String newCid) {
            return new Chat(seq, at, chat, state, customer, agent, topic, openedAt, waitingSince, position, reason,
                    rating, newCid, team, hold, estimatedWaitMinutes);
        }

        /** The same chat state announced by a later event: another seq and time, and the wait as given. */
        public Chat withEvent(long newSeq, String newAt, String newWaitingSince) {
            return new Chat(newSeq, newAt, chat, state, customer, agent, topic, openedAt, newWaitingSince, position,
                    reason, rating, cid, team, hold, estimatedWaitMinutes);
        }

        /** True while the assigned agent has put the chat on hold. */
        public boolean onHold() {
            return Boolean.TRUE.equals(hold);
        }
    }

    /**
     * A message. {@code automatic} is true for messages the desk wrote itself (holding messages, idle warnings,
     * policy texts); they come {@code from} role {@code system}.
     */
    @JsonTypeName("message")
    record Message(long seq, String at, String chat, String msg, From from, String text, Boolean internal,
                   String cid, Boolean automatic) implements ChatEventFrame {
        /** The protocol v1 fields only. */
        public Message(long seq, String at, String chat, String msg, From from, String text, Boolean internal,
                       String cid) {
            this(seq, at, chat, msg, from, text, internal, cid, null);
        }

        /** True for internal notes (staff only). */
        public boolean internalNote() {
            return Boolean.TRUE.equals(internal);
        }

        /** True for messages the desk wrote by itself. */
        public boolean isAutomatic() {
            return Boolean.TRUE.equals(automatic);
        }

        public Message withCid(String newCid) {
            return new Message(seq, at, chat, msg, from, text, internal, newCid, automatic);
        }
    }

    /**
     * Extension: a service-level target was missed. Stored and replayed like other chat events, sent to the
     * assigned agent and to supervisors (never to the customer). {@code target} is {@code first_response},
     * {@code next_response} or {@code resolution}; {@code due} is when it fell due.
     */
    @JsonTypeName("breach")
    record Breach(long seq, String at, String chat, String target, String due, String agent, String cid)
            implements ChatEventFrame {
    }

    /**
     * Extension: something the desk did to a staff member, told to their sessions only and not stored
     * ({@code code} {@code reassigned} with the {@code chat}, {@code auto_away}, or {@code status} when another
     * of their sessions changed their presence); {@code status} is their presence afterwards, when it changed.
     */
    @JsonTypeName("notice")
    record Notice(String code, String chat, String text, String status) implements ServerFrame {
    }

    @JsonTypeName("typing")
    record Typing(String chat, From from, boolean on) implements ServerFrame {
    }
}
