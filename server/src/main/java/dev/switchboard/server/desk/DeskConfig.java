package dev.switchboard.server.desk;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Routing, capacity and rush-hour policy settings of the desk (defaults from shared/LIMITS.md and issue 7,
 * documented in the README's configuration reference). A policy whose duration is null is off.
 *
 * @param defaultCap         active chats per agent unless the account sets its own
 * @param grace              how long a dropped agent keeps their chats
 * @param maxOpenPerCustomer open chats per customer token
 * @param maxOpenPerIp       open chats per IP address
 * @param snapshotLimit      chats and queue entries listed in a snapshot (totals are always given)
 * @param batchLimit         commands per group commit
 * @param manualAccept       agents take chats from the queue with {@code accept}; nothing is pushed to them
 * @param systemName         the name automatic messages are signed with (role {@code system})
 * @param autoReply          holding messages while no agent has greeted a chat
 * @param noAnswer           reassignment of chats the assigned agent leaves unanswered, and auto-away
 * @param idle               warning and closing of chats the customer has gone quiet in
 * @param abuse              what closing a chat with reason {@code abusive} does
 * @param caps               team and desk-wide caps on top of the per-agent caps
 * @param topicTeams         a customer's {@code topic} to the team that serves it (a topic named like a team
 *                           routes there without an entry)
 * @param sla                service-level targets
 */
public record DeskConfig(int defaultCap, Duration grace, int maxOpenPerCustomer, int maxOpenPerIp, int snapshotLimit,
                         int batchLimit, boolean manualAccept, String systemName, AutoReply autoReply,
                         NoAnswer noAnswer, IdleClose idle, Abuse abuse, Caps caps, Map<String, String> topicTeams,
                         Sla sla) {

    /**
     * @param after        when each holding message is due, counted from the chat's opening (empty: off)
     * @param queuedTexts  the text of each message while the chat is queued ({@code {position}} is replaced by its
     *                     queue position); the last one repeats when there are fewer texts than times
     * @param assignedText the text when an agent has the chat but has not greeted yet ({@code {agent}} is their name)
     */
    public record AutoReply(List<Duration> after, List<String> queuedTexts, String assignedText) {
        public static AutoReply off() {
            return new AutoReply(List.of(), List.of(), "");
        }
    }

    /**
     * @param reassignAfter how long a customer may wait for the assigned agent before the chat moves on (null: off)
     * @param awayAfter     unanswered chats in a row after which the agent is set away (0: never)
     */
    public record NoAnswer(Duration reassignAfter, int awayAfter) {
    }

    /**
     * @param warnAfter    customer silence (after an agent's reply) before the warning (null: off)
     * @param closeAfter   time from the warning to the close with reason {@code idle}
     * @param reopenWithin a customer who writes within this time after the close reopens the chat
     * @param warning      the warning text
     */
    public record IdleClose(Duration warnAfter, Duration closeAfter, Duration reopenWithin, String warning) {
    }

    /**
     * @param message the policy text the customer receives when a chat is closed as abusive
     * @param ban     how long the customer token and IP are banned (null: no ban)
     */
    public record Abuse(String message, Duration ban) {
    }

    /**
     * @param perTeam active chats (not on hold) a team's agents may hold together; teams not listed are unlimited
     * @param global  active chats (not on hold) on the whole desk (null: unlimited)
     */
    public record Caps(Map<String, Integer> perTeam, Integer global) {
        public static Caps none() {
            return new Caps(Map.of(), null);
        }
    }

    /** Targets; a null target is not tracked. */
    public record Sla(Duration firstResponse, Duration nextResponse, Duration resolution) {
        public static Sla off() {
            return new Sla(null, null, null);
        }
    }

    public static DeskConfig defaults() {
        return new DeskConfig(3, Duration.ofSeconds(60), 3, 10, 200, 256, false, "Switchboard",
                new AutoReply(List.of(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(180)),
                        List.of("Thanks for reaching out! All our agents are busy right now; you are number {position}"
                                        + " in the queue and we will be with you shortly.",
                                "Thanks for waiting. You are number {position} in the queue.",
                                "Sorry for the long wait. You are number {position} in the queue; please stay with us."),
                        "{agent} has your chat and will answer in a moment."),
                new NoAnswer(Duration.ofSeconds(60), 2),
                new IdleClose(Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(10),
                        "Are you still there? This chat will close in a couple of minutes if we don't hear from you."),
                new Abuse("This chat has been closed because it broke our conduct policy.", Duration.ofHours(24)),
                Caps.none(), Map.of(),
                new Sla(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMinutes(30)));
    }

    public DeskConfig withDefaultCap(int cap) {
        return new DeskConfig(cap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withGrace(Duration g) {
        return new DeskConfig(defaultCap, g, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withOpenLimits(int perCustomer, int perIp) {
        return new DeskConfig(defaultCap, grace, perCustomer, perIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withManualAccept(boolean manual) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manual,
                systemName, autoReply, noAnswer, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withSystemName(String name) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                name, autoReply, noAnswer, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withAutoReply(AutoReply a) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, a, noAnswer, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withNoAnswer(NoAnswer n) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, n, idle, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withIdleClose(IdleClose i) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, i, abuse, caps, topicTeams, sla);
    }

    public DeskConfig withAbuse(Abuse a) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, a, caps, topicTeams, sla);
    }

    public DeskConfig withCaps(Caps c) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, abuse, c, topicTeams, sla);
    }

    public DeskConfig withTopicTeams(Map<String, String> teams) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, abuse, caps, teams, sla);
    }

    public DeskConfig withSla(Sla s) {
        return new DeskConfig(defaultCap, grace, maxOpenPerCustomer, maxOpenPerIp, snapshotLimit, batchLimit, manualAccept,
                systemName, autoReply, noAnswer, idle, abuse, caps, topicTeams, s);
    }
}
