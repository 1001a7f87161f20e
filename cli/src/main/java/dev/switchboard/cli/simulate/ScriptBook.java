package dev.switchboard.cli.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated customers' lines: realistic support conversations in several languages (Norwegian among
 * them), with names and places to match, bundled as {@code customers.json} beside this class.
 */
record ScriptBook(List<Script> scripts, Map<String, List<String>> names, Map<String, List<String>> locations) {

    /** One customer's side of a conversation: the opening question, replies to the agent, and a thank-you. */
    record Script(String lang, String page, String query, String opening, List<String> replies, String thanks) {
    }

    static ScriptBook bundled() {
        try (InputStream in = ScriptBook.class.getResourceAsStream("customers.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Script> scripts = new ArrayList<>();
            for (JsonNode s : root.get("scripts")) {
                List<String> replies = new ArrayList<>();
                s.get("replies").forEach(r -> replies.add(r.asText()));
                scripts.add(new Script(s.get("lang").asText(), s.get("page").asText(), s.get("query").asText(),
                        s.get("opening").asText(), List.copyOf(replies), s.get("thanks").asText()));
            }
            return new ScriptBook(List.copyOf(scripts), lists(root.get("names")), lists(root.get("locations")));
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled customers.json is unreadable", e);
        }
    }

    private static Map<String, List<String>> lists(JsonNode byLang) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        byLang.fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            out.put(e.getKey(), List.copyOf(values));
        });
        return out;
    }
}
