package dev.switchboard.tui.console.canned;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}}, {@code {agent}}, {@code {page}}, {@code {location}}, {@code {query}} in canned texts. Each may carry a fallback,
 * {@code {name|there}}, used when the value is unknown, so an agent never sends "Thank you {name}" or
 * "Thank you ," by accident. A placeholder with no value and no fallback becomes empty and the spacing
 * around it is tidied; an unknown placeholder name is left as typed.
 */
public final class Placeholders {
    public static final String NAME = "name";
    public static final String AGENT = "agent";
    public static final String PAGE = "page";
    /** The customer's context from their {@code hello}, as the console's header shows it. */
    public static final String LOCATION = "location";
    public static final String QUERY = "query";
    private static final java.util.List<String> KNOWN = java.util.List.of(NAME, AGENT, PAGE, LOCATION, QUERY);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)(?:\\|([^{}]*))?}");

    private Placeholders() {
    }

    /** The placeholder names in {@code template} that no chat fills (a typo such as {@code {nmae}}), in order. */
    public static java.util.List<String> unknown(String template) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
            if (!KNOWN.contains(key) && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The names a canned text may use, for messages. */
    public static String known() {
        return KNOWN.stream().map(k -> "{" + k + "}").collect(java.util.stream.Collectors.joining(", "));
    }

    public static String expand(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        boolean emptied = false;
        while (m.find()) {
            String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
            String replacement;
            if (!values.containsKey(key) && !KNOWN.contains(key)) {
                replacement = m.group();
            } else {
                String value = values.get(key);
                if (value != null && !value.isBlank()) {
                    replacement = value.strip();
                } else if (m.group(2) != null) {
                    replacement = m.group(2);
                } else {
                    replacement = "";
                    emptied = true;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        String result = out.toString();
        if (emptied) {
            // "Hi {name}, welcome" without a name reads "Hi, welcome", not "Hi , welcome".
            result = result.replaceAll(" {2,}", " ").replaceAll(" ([,.!?;:])", "$1").strip();
        }
        return result;
    }
}
