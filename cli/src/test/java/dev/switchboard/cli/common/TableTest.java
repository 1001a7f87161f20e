package dev.switchboard.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tui.console.view.CellWidth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsLineUpInTerminalCellsWithWideNames() {
        StringWriter out = new StringWriter();
        new Table("USER", "NAME", "KIND").row("yuki", "山田 由紀 🌸", "agent").row("bob", "Bob", "agent")
                .print(new PrintWriter(out));
        List<String> lines = out.toString().lines().toList();
        int kindAt = CellWidth.of(lines.get(0).substring(0, lines.get(0).indexOf("KIND")));
        for (String line : lines.subList(1, lines.size())) {
            assertThat(CellWidth.of(line.substring(0, line.indexOf("agent")))).as(line).isEqualTo(kindAt);
        }
    }

    @Test
    void aLongCellIsCutWithAnEllipsisWithinItsWidth() {
        StringWriter out = new StringWriter();
        new Table("TEXT").row("日本".repeat(40)).print(new PrintWriter(out));
        String row = out.toString().lines().toList().get(1);
        assertThat(row).endsWith("…");
        assertThat(CellWidth.of(row)).isLessThanOrEqualTo(60);
    }
}
