package dev.switchboard.tui.console.canned;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the console offers while an agent types: {@code /shortcut} expansion, completion of a partly typed
 * shortcut, and the rest of a sentence that matches a canned text or one of the agent's own frequent
 * phrases (said at least {@link #FREQUENT} times this session).
 */
public final class Completions {
    static final int FREQUENT = 2;
    private static final int SHORTEST_PREFIX = 3;

    private List<CannedText> canned = List.of();
    private final Map<String, Integer> phrases = new HashMap<>();

    public void canned(List<CannedText> texts) {
        canned = List.copyOf(texts);
    }

    public List<CannedText> canned() {
        return canned;
    }

    /** The agent sent this: it may become a frequent phrase. */
    public void said(String text) {
        String t = text.strip();
        if (t.length() > SHORTEST_PREFIX && !t.contains("\n")) {
            phrases.merge(t, 1, Integer::sum);
        }
    }

    /** The canned text whose shortcut is exactly {@code shortcut} (own texts before shared ones). */
    public Optional<CannedText> byShortcut(String shortcut) {
        return canned.stream().filter(c -> c.shortcut().equalsIgnoreCase(shortcut))
                .min((a, b) -> Boolean.compare(a.owner() == null, b.owner() == null));
    }

    /**
     * The text to append after {@code typed} (the whole draft before the cursor), or empty. {@code expand}
     * fills placeholders, so a suggestion shows what would really be sent.
     */
    public Optional<String> suggest(String typed, Function<String, String> expand) {
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        if (typed.startsWith("/") && !typed.contains(" ")) {
            String prefix = typed.substring(1).toLowerCase(Locale.ROOT);
            return canned.stream().map(CannedText::shortcut)
                    .filter(s -> s.toLowerCase(Locale.ROOT).startsWith(prefix) && s.length() > prefix.length())
                    .sorted().findFirst().map(s -> s.substring(prefix.length()));
        }
        if (typed.length() < SHORTEST_PREFIX) {
            return Optional.empty();
        }
        String lower = typed.toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>();
        canned.forEach(c -> candidates.add(expand.apply(c.text())));
        phrases.entrySet().stream().filter(e -> e.getValue() >= FREQUENT)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> candidates.add(e.getKey()));
        return candidates.stream()
                .filter(c -> c.length() > typed.length() && c.toLowerCase(Locale.ROOT).startsWith(lower))
                .findFirst().map(c -> c.substring(typed.length()));
    }
}
