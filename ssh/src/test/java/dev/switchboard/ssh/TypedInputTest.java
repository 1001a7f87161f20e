package dev.switchboard.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TypedInputTest {
    private final TypedInput in = new TypedInput();

    private void push(String s) {
        push(s.getBytes(StandardCharsets.UTF_8));
    }

    private void push(byte[] b) {
        in.push(b, 0, b.length);
    }

    private String readAll() throws IOException {
        byte[] b = new byte[in.available()];
        int n = b.length == 0 ? 0 : in.read(b, 0, b.length);
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void enterAsBareCrOrCrLfIsOneLineFeed() throws IOException {
        push("a\rb\r");
        push("\nc\n");
        assertThat(readAll()).isEqualTo("a\nb\nc\n");
    }

    @Test
    void aCharacterSplitAcrossPushesIsHeldBackUntilComplete() throws IOException {
        byte[] euro = "x€".getBytes(StandardCharsets.UTF_8); // x, then three bytes
        in.push(euro, 0, 2);
        assertThat(in.available()).as("only the x is complete").isEqualTo(1);
        assertThat(readAll()).isEqualTo("x");
        in.push(euro, 2, 2);
        assertThat(readAll()).isEqualTo("€");
    }

    @Test
    void readingNeverWaits() throws IOException {
        assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isInstanceOf(IOException.class);
        push("k");
        in.end();
        assertThat(in.read()).isEqualTo('k');
        assertThat(in.read()).as("end of input").isEqualTo(-1);
    }

    @Test
    void aFullBufferAsksTheReaderToPauseUntilItDrains() throws IOException {
        push(new byte[TypedInput.LIMIT]);
        assertThat(in.full()).isTrue();
        AtomicInteger resumed = new AtomicInteger();
        in.whenDrained(resumed::incrementAndGet);
        assertThat(resumed).hasValue(0);
        in.read(new byte[TypedInput.LIMIT], 0, TypedInput.LIMIT);
        assertThat(resumed).hasValue(1);
    }
}
