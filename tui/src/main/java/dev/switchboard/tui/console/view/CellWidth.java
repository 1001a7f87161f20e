package dev.switchboard.tui.console.view;

import com.googlecode.lanterna.TextCharacter;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How many terminal cells text takes, per user-perceived character (grapheme cluster), the way terminals
 * following {@code wcwidth} draw it: CJK and emoji take two, combining marks none. Lanterna 3.1.5 gets some
 * of these wrong (combining sequences count two, emoji modifier and flag sequences four), so every cluster
 * is also mapped to a {@link #glyph} on which Lanterna agrees, keeping the layout intact.
 */
public final class CellWidth {
    private static final char WIDE_SUBSTITUTE = '\u3013';

    private CellWidth() {
    }

    /** Cells taken by {@code text}. */
    public static int of(String text) {
        if (isPlainAscii(text)) {
            return text.length();
        }
        int width = 0;
        for (String cluster : clusters(text)) {
            width += ofCluster(cluster);
        }
        return width;
    }

    /** {@code text} if it fits in {@code cols} cells, else as much of it as fits before a closing "…". */
    public static String clip(String text, int cols) {
        if (of(text) <= cols) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (String cluster : clusters(text)) {
            int w = ofCluster(cluster);
            if (used + w > cols - 1) {
                break;
            }
            out.append(cluster);
            used += w;
        }
        return out.append('…').toString();
    }

    /** The grapheme clusters of {@code text}, in order. */
    public static List<String> clusters(String text) {
        List<String> out = new ArrayList<>(text.length());
        if (isPlainAscii(text)) {
            for (int i = 0; i < text.length(); i++) {
                out.add(String.valueOf(text.charAt(i)));
            }
            return out;
        }
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String piece = text.substring(start, end);
            int last = out.size() - 1;
            if (last >= 0 && continuesEmoji(out.get(last), piece)) {
                out.set(last, out.get(last) + piece);
            } else {
                out.add(piece);
            }
        }
        return out;
    }

    /**
     * Java 17's BreakIterator predates extended grapheme clusters: it splits emoji sequences that terminals
     * draw as one picture (skin tones, ZWJ families, flags, presentation selectors). Joins them back.
     */
    private static boolean continuesEmoji(String previous, String piece) {
        int first = piece.codePointAt(0);
        int prevLast = previous.codePointBefore(previous.length());
        if ((first >= 0x1f3fb && first <= 0x1f3ff) || first == 0xfe0f || first == 0xfe0e || first == 0x200d
                || prevLast == 0x200d) {
            return true;
        }
        return isRegionalIndicator(first) && isRegionalIndicator(prevLast)
                && previous.codePointCount(0, previous.length()) % 2 == 1;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1f1e6 && cp <= 0x1f1ff;
    }

    /** Cells taken by one grapheme cluster: 0, 1 or 2. */
    public static int ofCluster(String cluster) {
        if (cluster.isEmpty()) {
            return 0;
        }
        int first = cluster.codePointAt(0);
        if (first < 0x20 || (first >= 0x7f && first < 0xa0)) {
            return 0;
        }
        if (isZeroWidth(first)) {
            return 0;
        }
        if (isWide(first) || cluster.indexOf('\ufe0f') >= 0) {
            return 2;
        }
        return 1;
    }

    /**
     * What to hand Lanterna for a cluster so that Lanterna's idea of its width matches {@link #ofCluster}:
     * the cluster itself when they agree, else its composed form, else its base character, else a stand-in
     * of the right width.
     */
    public static String glyph(String cluster, int width) {
        if (cluster.length() == 1 && cluster.charAt(0) < 0x300) {
            return cluster;
        }
        if (lanternaWidth(cluster) == width) {
            return cluster;
        }
        String composed = Normalizer.normalize(cluster, Normalizer.Form.NFC);
        if (lanternaWidth(composed) == width) {
            return composed;
        }
        String base = new String(Character.toChars(cluster.codePointAt(0)));
        if (lanternaWidth(base) == width) {
            return base;
        }
        return width == 2 ? String.valueOf(WIDE_SUBSTITUTE) : "?";
    }

    private static int lanternaWidth(String s) {
        TextCharacter[] chars = TextCharacter.fromString(s);
        return chars.length != 1 ? -1 : chars[0].isDoubleWidth() ? 2 : 1;
    }

    private static boolean isPlainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeroWidth(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || (cp >= 0x1160 && cp <= 0x11ff);
    }

    /** East Asian Wide/Fullwidth and emoji with default emoji presentation (Unicode 15). */
    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115f)
                || cp == 0x231a || cp == 0x231b || cp == 0x2329 || cp == 0x232a
                || (cp >= 0x23e9 && cp <= 0x23ec) || cp == 0x23f0 || cp == 0x23f3
                || cp == 0x25fd || cp == 0x25fe || cp == 0x2614 || cp == 0x2615
                || (cp >= 0x2648 && cp <= 0x2653) || cp == 0x267f || cp == 0x2693 || cp == 0x26a1
                || cp == 0x26aa || cp == 0x26ab || cp == 0x26bd || cp == 0x26be || cp == 0x26c4 || cp == 0x26c5
                || cp == 0x26ce || cp == 0x26d4 || cp == 0x26ea || cp == 0x26f2 || cp == 0x26f3 || cp == 0x26f5
                || cp == 0x26fa || cp == 0x26fd || cp == 0x2705 || cp == 0x270a || cp == 0x270b || cp == 0x2728
                || cp == 0x274c || cp == 0x274e || (cp >= 0x2753 && cp <= 0x2755) || cp == 0x2757
                || (cp >= 0x2795 && cp <= 0x2797) || cp == 0x27b0 || cp == 0x27bf
                || cp == 0x2b1b || cp == 0x2b1c || cp == 0x2b50 || cp == 0x2b55
                || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff)
                || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff)
                || (cp >= 0xa000 && cp <= 0xa4cf) || (cp >= 0xa960 && cp <= 0xa97f)
                || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff)
                || (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0xfe30 && cp <= 0xfe6f)
                || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)
                || (cp >= 0x16fe0 && cp <= 0x18cff) || (cp >= 0x1b000 && cp <= 0x1b2ff)
                || cp == 0x1f004 || cp == 0x1f0cf || cp == 0x1f18e || (cp >= 0x1f191 && cp <= 0x1f19a)
                || (cp >= 0x1f1e6 && cp <= 0x1f1ff) || (cp >= 0x1f200 && cp <= 0x1f251)
                || (cp >= 0x1f300 && cp <= 0x1f64f && !isTextPresentationSymbol(cp))
                || (cp >= 0x1f680 && cp <= 0x1f6ff) || (cp >= 0x1f7e0 && cp <= 0x1f7eb)
                || (cp >= 0x1f90c && cp <= 0x1f9ff) || (cp >= 0x1fa70 && cp <= 0x1faff)
                || (cp >= 0x20000 && cp <= 0x3fffd);
    }

    /** Symbols in the emoji blocks that default to text presentation (one cell) unless followed by U+FE0F. */
    private static boolean isTextPresentationSymbol(int cp) {
        return (cp >= 0x1f321 && cp <= 0x1f32c) || cp == 0x1f336 || cp == 0x1f37d
                || (cp >= 0x1f394 && cp <= 0x1f39f) || (cp >= 0x1f3cb && cp <= 0x1f3ce)
                || (cp >= 0x1f3d4 && cp <= 0x1f3df) || (cp >= 0x1f3f1 && cp <= 0x1f3f3)
                || (cp >= 0x1f3f5 && cp <= 0x1f3f7) || cp == 0x1f43f || cp == 0x1f441
                || (cp >= 0x1f4fd && cp <= 0x1f4fe) || (cp >= 0x1f53e && cp <= 0x1f54a)
                || cp == 0x1f54f || (cp >= 0x1f568 && cp <= 0x1f579) || (cp >= 0x1f57b && cp <= 0x1f594)
                || (cp >= 0x1f597 && cp <= 0x1f5a3) || (cp >= 0x1f5a5 && cp <= 0x1f5fa);
    }
}
