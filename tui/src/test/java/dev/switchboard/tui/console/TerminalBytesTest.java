package dev.switchboard.tui.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.googlecode.lanterna.terminal.ansi.ANSITerminal;
import dev.switchboard.tui.console.view.TerminalBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalBytesTest {

    @Test
    void charactersOutsideTheBasicPlaneStayWhole() {
        assertThat(new String(TerminalBytes.of("📦 ok 中文 é", StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("📦 ok 中文 é");
    }

    @Test
    void controlCharactersAreDroppedAsLanternaDropsThem() {
        assertThat(new String(TerminalBytes.of("a\u0007b\u001bc\u007fd", StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo("abcd");
    }

    /**
     * Why {@link TerminalBytes} exists: Lanterna's own stream output sends an emoji as "??". When an upgrade fixes
     * that, this fails, and the override in the console's terminals can go.
     */
    @Test
    void lanternasOwnStreamOutputSplitsTheSurrogatePair() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ANSITerminal(new ByteArrayInputStream(new byte[0]), out, StandardCharsets.UTF_8) {
        }.putString("📦");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("??");
    }
}
