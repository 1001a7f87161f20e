package dev.switchboard.cli.common;

import dev.switchboard.protocol.TerminalText;
import dev.switchboard.tui.console.view.CellWidth;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one table printer of the command line: left-aligned columns separated by two spaces. Every cell goes
 * through {@link TerminalText#line} because cells carry text that customers and agents wrote.
 */
public final class Table {
    /** Longer cells are cut with an ellipsis so that one long canned text does not wreck the layout. */
    private static final int MAX_CELL = 60;

    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = headers;
    }

    /** Adds a row; {@code null} cells print as {@code -}. */
    public Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(Table::cell).toArray(String[]::new));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = width(headers[i]);
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], width(row[i]));
            }
        }
        line(out, headers, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        out.flush();
    }

    private static void line(PrintWriter out, String[] cells, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(widths[i] - width(cells[i]) + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        return CellWidth.clip(TerminalText.line(value.toString()), MAX_CELL);
    }

    /** Columns are counted in terminal cells, as the console counts them: CJK and emoji take two. */
    private static int width(String s) {
        return CellWidth.of(s);
    }
}
