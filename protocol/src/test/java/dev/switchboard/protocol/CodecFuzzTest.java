package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Hostile bytes through the codec: every input either decodes to a valid command that survives an encode and
 * decode round trip, or is refused with a {@link Codec.DecodeException} — never any other exception. In
 * `mvn test` this replays the corpus in {@code CodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class CodecFuzzTest {
    private static final Codec CODEC = new Codec(Limits.defaults());

    @FuzzTest(maxDuration = "60s")
    void decodingIsTotal(byte[] line) {
        Codec.Decoded decoded;
        try {
            decoded = CODEC.decodeCommand(line, 0, line.length);
        } catch (Codec.DecodeException refused) {
            assertThat(refused.code()).isNotNull();
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        byte[] again = CODEC.encode(decoded.command(), decoded.id());
        assertThat(again[again.length - 1]).isEqualTo((byte) '\n');
        String text = new String(again, 0, again.length - 1, StandardCharsets.UTF_8);
        assertThat(text.chars().noneMatch(c -> c < 0x20)).as("encoded frames have no raw control characters").isTrue();
        Codec.Decoded back = CODEC.decodeCommand(again, 0, again.length - 1);
        assertThat(back.command()).isEqualTo(decoded.command());
    }
}
