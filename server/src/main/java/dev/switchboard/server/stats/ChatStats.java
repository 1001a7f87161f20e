package dev.switchboard.server.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.protocol.Codec;
import dev.switchboard.server.store.ChatRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Support figures over a set of chats, overall and per agent. Durations are milliseconds; percentiles use
 * the nearest-rank method (p50 of 1,2,3,4 is 2). An abandoned chat is one the customer closed before any
 * agent answered; response time is every customer wait an agent's reply ended (first and later ones). {@code sla} counts each target's hits and misses as the desk recorded them per chat.
 */
public final class ChatStats {
    private ChatStats() {
    }

    /** A message of a chat, in seq order: who wrote it ({@code customer}, {@code agent}, {@code system}) and when. */
    public record Said(String chat, String role, String user, long at) {
    }

    /** One customer wait ended by an agent's reply: who answered and how long it took. */
    public record Response(String agent, long millis) {
    }

    /**
     * Every response in these messages (given in seq order): a wait starts at the first customer message after
     * the agent last spoke and ends at the next agent message; notes and the desk's own messages do not end it.
     */
    public static List<Response> responses(List<Said> messages) {
        List<Response> out = new ArrayList<>();
        Map<String, Long> waitingSince = new java.util.HashMap<>();
        for (Said m : messages) {
            if ("customer".equals(m.role())) {
                waitingSince.putIfAbsent(m.chat(), m.at());
            } else if ("agent".equals(m.role())) {
                Long since = waitingSince.remove(m.chat());
                if (since != null) {
                    out.add(new Response(m.user(), m.at() - since));
                }
            }
        }
        return out;
    }

    public static ObjectNode of(List<ChatRow> chats, List<Response> responses, Codec codec) {
        ObjectNode result = codec.object();
        result.set("overall", figures(chats, responses, codec));
        Map<String, List<ChatRow>> byAgent = new TreeMap<>();
        for (ChatRow c : chats) {
            if (c.agent() != null) {
                byAgent.computeIfAbsent(c.agent(), a -> new ArrayList<>()).add(c);
            }
        }
        ObjectNode agents = result.putObject("agents");
        byAgent.forEach((agent, rows) -> agents.set(agent, figures(rows,
                responses.stream().filter(r -> agent.equals(r.agent())).toList(), codec)));
        return result;
    }

    static ObjectNode figures(List<ChatRow> chats, List<Response> responses, Codec codec) {
        ObjectNode n = codec.object();
        n.put("chats", chats.size());
        n.put("closed", count(chats, c -> c.closedAt() != null));
        n.put("abandoned", count(chats, c -> c.closedAt() != null && c.firstResponseAt() == null
                && "customer".equals(c.closedBy())));
        durations(n.putObject("queueWaitMs"), chats, c -> c.firstAssignedAt() == null ? null : c.firstAssignedAt() - c.openedAt());
        durations(n.putObject("firstResponseMs"), chats, c -> c.firstResponseAt() == null ? null : c.firstResponseAt() - c.openedAt());
        // Resolution is of chats an agent answered, as the resolution SLA: an abandoned chat was never resolved.
        durations(n.putObject("resolutionMs"), chats,
                c -> c.closedAt() == null || c.firstResponseAt() == null ? null : c.closedAt() - c.openedAt());
        durations(n.putObject("responseMs"), responses, Response::millis);
        ObjectNode sla = n.putObject("sla");
        hitRate(sla.putObject("firstResponse"), chats, ChatRow::slaFirstResponse);
        hitRate(sla.putObject("nextResponse"), chats, ChatRow::slaNextResponse);
        hitRate(sla.putObject("resolution"), chats, ChatRow::slaResolution);
        List<Long> ratings = values(chats, c -> c.rating() == null ? null : (long) c.rating());
        ObjectNode csat = n.putObject("csat");
        csat.put("count", ratings.size());
        if (!ratings.isEmpty()) {
            csat.put("average", Math.round(ratings.stream().mapToLong(Long::longValue).average().orElse(0) * 100) / 100.0);
        }
        return n;
    }

    private static <T> void durations(ObjectNode n, List<T> items, Function<T, Long> f) {
        List<Long> v = values(items, f);
        n.put("count", v.size());
        if (v.isEmpty()) {
            return;
        }
        v.sort(null);
        n.put("median", percentile(v, 50));
        n.put("p90", percentile(v, 90));
        n.put("average", Math.round(v.stream().mapToLong(Long::longValue).average().orElse(0)));
        n.put("max", v.get(v.size() - 1));
    }

    /** Chats that hit and missed one service-level target, and the hit rate (0–1, two decimals) once any is decided. */
    private static void hitRate(ObjectNode n, List<ChatRow> chats, Function<ChatRow, String> outcome) {
        int hit = count(chats, c -> "hit".equals(outcome.apply(c)));
        int miss = count(chats, c -> "miss".equals(outcome.apply(c)));
        n.put("hit", hit);
        n.put("miss", miss);
        if (hit + miss > 0) {
            n.put("rate", Math.round(hit * 100.0 / (hit + miss)) / 100.0);
        }
    }

    /** Nearest-rank percentile of a sorted, non-empty list. */
    public static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static <T> List<Long> values(List<T> items, Function<T, Long> f) {
        List<Long> out = new ArrayList<>();
        for (T c : items) {
            Long v = f.apply(c);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static int count(List<ChatRow> chats, Predicate<ChatRow> p) {
        int n = 0;
        for (ChatRow c : chats) {
            if (p.test(c)) {
                n++;
            }
        }
        return n;
    }
}
