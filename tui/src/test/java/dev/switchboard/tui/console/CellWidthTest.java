package dev.switchboard.tui.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.tui.console.view.CellWidth;
import dev.switchboard.tui.console.view.Wrap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CellWidthTest {

    @ParameterizedTest(name = "{0} takes {1} cells")
    @CsvSource(delimiter = '|', value = {
            "hello|5",
            "你好|4",
            "한국어|6",
            "ｆｕｌｌ|8",
            "😀|2",
            "👍🏽|2",
            "👩‍👩‍👧|2",
            "🇳🇴|2",
            "☺|1",
            "☺️|2",
            "✅|2",
            "e\u0301|1",
            "a\u0308\u0301|1",
            "^[[31m|6",
            "<U+202E>|8",
            "mix 中文 and 😀!|16"})
    void cellsPerText(String text, int cells) {
        assertThat(CellWidth.of(text)).isEqualTo(cells);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"😀|😀", "👍🏽|👍", "e\u0301|é", "中|中", "a|a"})
    void glyphsAreOnesLanternaMeasuresTheSameWay(String cluster, String glyph) {
        assertThat(CellWidth.glyph(cluster, CellWidth.ofCluster(cluster))).isEqualTo(glyph);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"10|你好世界你好世界你好|你好世界你,好世界你好", "5|one two three|one,two,three",
            "4|abcdefghij|abcd,efgh,ij"})
    void wrapsByCells(int width, String text, String rows) {
        assertThat(Wrap.line(text, width)).containsExactly(rows.split(","));
        Wrap.line(text, width).forEach(r -> assertThat(CellWidth.of(r)).isLessThanOrEqualTo(width));
    }
}
