package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapeSequencesBecomeVisibleText() {
        assertThat(TerminalText.line("\u001b[31mred\u001b[0m")).isEqualTo("^[[31mred^[[0m");
        assertThat(TerminalText.line("bell\u0007 tab\t nl\n")).isEqualTo("bell^G tab^I nl^J");
        assertThat(TerminalText.line("del\u007f")).isEqualTo("del^?");
    }

    @Test
    void c1BidiAndZeroWidthAreNamed() {
        assertThat(TerminalText.line("a\u009b2Jb")).isEqualTo("a<U+009B>2Jb");
        assertThat(TerminalText.line("user\u202Egpj.exe")).isEqualTo("user<U+202E>gpj.exe");
        assertThat(TerminalText.line("pay\u200Bpal")).isEqualTo("pay<U+200B>pal");
    }

    @Test
    void aJoinerIsKeptOnlyBetweenTwoEmoji() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 family";
        assertThat(TerminalText.line(family)).isSameAs(family);
        String firefighter = "\uD83D\uDC69\u200D\uD83D\uDE92";
        assertThat(TerminalText.line(firefighter)).isSameAs(firefighter);
        assertThat(TerminalText.line("a\u200Db")).isEqualTo("a<U+200D>b");
        assertThat(TerminalText.line("\uD83D\uDC68\u200Dx")).isEqualTo("\uD83D\uDC68<U+200D>x");
        assertThat(TerminalText.line("\u200D\uD83D\uDC68")).isEqualTo("<U+200D>\uD83D\uDC68");
    }

    @Test
    void multilineKeepsNewlinesOnly() {
        assertThat(TerminalText.multiline("one\r\ntwo\nthree\rfour")).isEqualTo("one\ntwo\nthree^Mfour");
    }

    @Test
    void plainAndWideTextIsUntouched() {
        String s = "Hei på deg, 日本語 😀";
        assertThat(TerminalText.line(s)).isSameAs(s);
    }
}
