package dev.switchboard.server.desk;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may take which chat. Caps are checked here and only here, on the desk thread, so they hold however many
 * chats arrive at once: an agent's own cap (the account's, else the default), their team's cap and the
 * desk-wide cap, all counting active chats that are not on hold. A chat with a team goes only to that team's
 * agents; the agent who served the customer last is offered it first; an agent who let it go unanswered is
 * skipped until they answer somewhere again.
 */
final class Routing {
    private final Desk desk;

    Routing(Desk desk) {
        this.desk = desk;
    }

    /** The team that serves a topic: the configured mapping, else a team of that name, else nobody in particular. */
    String teamFor(String topic) {
        if (topic == null) {
            return null;
        }
        String mapped = desk.config.topicTeams().get(topic);
        if (mapped != null) {
            return mapped;
        }
        return teamExists(topic) ? topic : null;
    }

    boolean teamExists(String team) {
        return desk.config.topicTeams().containsValue(team)
                || desk.agents.values().stream().anyMatch(a -> team.equals(a.team()));
    }

    /** Why {@code a} may not take one more chat ({@code "the agent cap (3/3 chats)"}…), or null when they may. */
    String full(AgentState a) {
        return new Loads().full(a);
    }

    /** Default routing: queue order, each chat to the best agent who may take it; team chats wait for their team. */
    void route() throws SQLException {
        if (desk.config.manualAccept() || desk.queue.isEmpty()) {
            return;
        }
        Loads loads = new Loads();
        List<AgentState> open = loads.withRoom();
        for (ChatState c : List.copyOf(desk.queue)) {
            if (open.isEmpty()) {
                return;
            }
            AgentState a = best(c, open, null);
            if (a != null) {
                desk.assign(c, a);
                loads.add(a);
                open.removeIf(x -> loads.full(x) != null);
            }
        }
    }

    /** Another agent who may take {@code c} now (not its current one), or null. */
    AgentState another(ChatState c) {
        return best(c, new Loads().withRoom(), c.agent);
    }

    private AgentState best(ChatState c, List<AgentState> candidates, String except) {
        AgentState best = null;
        for (AgentState a : candidates) {
            if (a.user().equals(except) || !serves(a, c)) {
                continue;
            }
            if (a.user().equals(c.preferredAgent)) {
                return a;
            }
            if (best == null || load(a) < load(best)
                    || load(a) == load(best) && a.lastAssignedAt < best.lastAssignedAt) {
                best = a;
            }
        }
        return best;
    }

    private static boolean serves(AgentState a, ChatState c) {
        if (c.team != null && !c.team.equals(a.team())) {
            return false;
        }
        return !(c.passedOver.contains(a.user()) && a.unansweredInARow > 0);
    }

    /** Active chats that count towards the caps: those not on hold. */
    int load(AgentState a) {
        int n = 0;
        for (String id : a.chats) {
            ChatState c = desk.chats.get(id);
            if (c != null && !c.onHold) {
                n++;
            }
        }
        return n;
    }

    /** Loads per agent, per team and in all, taken once per routing pass and updated as it assigns. */
    private final class Loads {
        private final Map<String, Integer> perAgent = new HashMap<>();
        private final Map<String, Integer> perTeam = new HashMap<>();
        private int total;

        Loads() {
            for (AgentState a : desk.agents.values()) {
                int n = load(a);
                perAgent.put(a.user(), n);
                if (a.team() != null) {
                    perTeam.merge(a.team(), n, Integer::sum);
                }
                total += n;
            }
        }

        void add(AgentState a) {
            perAgent.merge(a.user(), 1, Integer::sum);
            if (a.team() != null) {
                perTeam.merge(a.team(), 1, Integer::sum);
            }
            total++;
        }

        List<AgentState> withRoom() {
            List<AgentState> out = new ArrayList<>();
            for (AgentState a : desk.agents.values()) {
                if (a.takesNewChats() && full(a) == null) {
                    out.add(a);
                }
            }
            return out;
        }

        String full(AgentState a) {
            int mine = perAgent.getOrDefault(a.user(), 0);
            int cap = a.cap(desk.config.defaultCap());
            if (mine >= cap) {
                return "the agent cap (" + mine + "/" + cap + " chats)";
            }
            Integer teamCap = a.team() == null ? null : desk.config.caps().perTeam().get(a.team());
            if (teamCap != null && perTeam.getOrDefault(a.team(), 0) >= teamCap) {
                return "team " + a.team() + "'s cap (" + perTeam.get(a.team()) + "/" + teamCap + " chats)";
            }
            Integer global = desk.config.caps().global();
            if (global != null && total >= global) {
                return "the desk-wide cap (" + total + "/" + global + " chats)";
            }
            return null;
        }
    }
}
