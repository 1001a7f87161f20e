package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written wire time equals the JDK formatter's for any instant, and parses back to the same millisecond. */
class TimesTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void matchesTheJdkFormatterEverywhere() {
        long[] edges = {0, -1, 999, 1000, -1000, -86_400_000L, 86_399_999L, 1_795_564_799_999L, 1_795_564_800_000L,
            253_402_300_799_999L /* 9999-12-31T23:59:59.999 */, 253_402_300_800_000L /* +10000 */, -62_167_219_200_000L};
        for (long millis : edges) {
            assertFormatsLikeTheJdk(millis);
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            // Mostly near now, in order (the cache of the day), some anywhere in ±10,000 years.
            long millis = i % 10 == 0 ? random.nextLong(-315_000_000_000_000L, 315_000_000_000_000L)
                    : 1_795_000_000_000L + i * 7_919_311L + random.nextLong(1000);
            assertFormatsLikeTheJdk(millis);
        }
    }

    private static void assertFormatsLikeTheJdk(long millis) {
        String text = Times.format(millis);
        assertThat(text).as("%d", millis).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(millis)));
        if (text.length() == 24) {
            assertThat(Times.parse(text)).isEqualTo(millis);
        }
    }
}
