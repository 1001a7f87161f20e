package dev.switchboard.protocol;

/**
 * The one neutraliser on every path from untrusted text to a terminal: control characters become visible
 * caret notation ({@code ESC} shows as {@code ^[}), C1 controls, bidi overrides and zero-width characters
 * become {@code <U+202E>}. Nothing that reaches a terminal through it can move the cursor or recolour it.
 * The one zero-width character kept is a joiner between two emoji (a family 👨‍👩‍👧, a profession 👩‍🚒): it only
 * makes one picture of them, and naming it would cut the picture into pieces.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** Code points a terminal must never receive raw (beyond C0 controls). */
    public static boolean isInvisible(int cp) {
        return (cp >= 0x7f && cp <= 0x9f)
                || cp == 0x061c || cp == 0x180e
                || (cp >= 0x200b && cp <= 0x200f)
                || (cp >= 0x2028 && cp <= 0x202e)
                || (cp >= 0x2060 && cp <= 0x2069)
                || cp == 0xfeff
                || (cp >= 0xfff9 && cp <= 0xfffb);
    }

    private static final int ZERO_WIDTH_JOINER = 0x200d;

    /** Pictographs, symbols and the emoji modifiers and selector that end one (Java 17 has no Character.isEmoji). */
    private static boolean isEmoji(int cp) {
        return (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x2300 && cp <= 0x23ff) || (cp >= 0x2600 && cp <= 0x27bf)
                || (cp >= 0x2b00 && cp <= 0x2bff) || cp == 0xfe0f;
    }

    /** Neutralises one line of text: newlines and tabs are shown too ({@code ^J}, {@code ^I}). */
    public static String line(String text) {
        return neutralise(text, false);
    }

    /** Neutralises text that may span lines: {@code \n} is kept, every other control is made visible. */
    public static String multiline(String text) {
        return neutralise(text, true);
    }

    private static String neutralise(String text, boolean keepNewlines) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String replacement = null;
            if (cp == '\n' && keepNewlines) {
                replacement = null;
            } else if (cp == '\r' && keepNewlines && next < text.length() && text.charAt(next) == '\n') {
                replacement = "";
            } else if (cp < 0x20) {
                replacement = "^" + (char) (cp + 0x40);
            } else if (cp == 0x7f) {
                replacement = "^?";
            } else if (cp == ZERO_WIDTH_JOINER && i > 0 && next < text.length()
                    && isEmoji(text.codePointBefore(i)) && isEmoji(text.codePointAt(next))) {
                replacement = null;
            } else if (isInvisible(cp) || Character.getType(cp) == Character.SURROGATE) {
                replacement = String.format("<U+%04X>", cp);
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }
}
