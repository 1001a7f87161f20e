package dev.switchboard.tui.console.view;

import java.util.ArrayList;
import java.util.List;

/** Word wrapping by terminal cells, so CJK and emoji lines break where they really reach the edge. */
public final class Wrap {
    private Wrap() {
    }

    /** Splits one line (no newlines) into rows of at most {@code width} cells, at spaces where possible. */
    public static List<String> line(String text, int width) {
        List<String> rows = new ArrayList<>();
        if (width <= 0) {
            return rows;
        }
        if (text.length() <= width && CellWidth.of(text) <= width) {
            rows.add(text);
            return rows;
        }
        StringBuilder row = new StringBuilder();
        int used = 0;
        int lastSpace = -1;
        for (String cluster : CellWidth.clusters(text)) {
            int w = CellWidth.ofCluster(cluster);
            if (used + w > width) {
                if (lastSpace > 0) {
                    String carry = row.substring(lastSpace + 1);
                    rows.add(row.substring(0, lastSpace));
                    row.setLength(0);
                    row.append(carry);
                    used = CellWidth.of(carry);
                } else {
                    rows.add(row.toString());
                    row.setLength(0);
                    used = 0;
                }
                lastSpace = -1;
            }
            if (cluster.equals(" ")) {
                lastSpace = row.length();
            }
            row.append(cluster);
            used += w;
        }
        rows.add(row.toString());
        return rows;
    }
}
