package dev.switchboard.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arrivals are a seeded Poisson process: the same seed gives the same customers at the same moments. */
class ArrivalPlanTest {
    private static final ScriptBook BOOK = ScriptBook.bundled();

    @Test
    void theSameSeedGivesTheSameArrivals() {
        List<ArrivalPlan.Arrival> a = plan(42, 6, Duration.ofMinutes(30));
        List<ArrivalPlan.Arrival> b = plan(42, 6, Duration.ofMinutes(30));
        assertThat(a).isNotEmpty().isEqualTo(b);
        assertThat(plan(43, 6, Duration.ofMinutes(30))).isNotEqualTo(a);
    }

    @Test
    void arrivalsAreOrderedInsideTheDurationAtAboutTheRate() {
        Duration duration = Duration.ofHours(2);
        List<ArrivalPlan.Arrival> plan = plan(7, 10, duration);
        // 10 a minute for 120 minutes: 1,200 expected; a Poisson count's spread is about sqrt(1200) ≈ 35.
        assertThat(plan).hasSizeBetween(1_050, 1_350);
        assertThat(plan).extracting(ArrivalPlan.Arrival::at).isSorted().allMatch(t -> t.compareTo(duration) < 0);
        assertThat(plan).extracting(ArrivalPlan.Arrival::number).startsWith(1, 2, 3);
        // Exponential gaps: about 63 % of them are shorter than the mean (1 - 1/e).
        long shorter = 0;
        for (int i = 1; i < plan.size(); i++) {
            if (plan.get(i).at().minus(plan.get(i - 1).at()).toMillis() < 6_000) {
                shorter++;
            }
        }
        assertThat((double) shorter / (plan.size() - 1)).isBetween(0.55, 0.71);
    }

    @Test
    void customersSpeakSeveralLanguagesNorwegianAmongThemWithMatchingNamesAndPlaces() {
        List<ArrivalPlan.Arrival> plan = plan(1, 30, Duration.ofMinutes(10));
        assertThat(plan).extracting(a -> a.script().lang()).contains("en", "nb", "de", "es", "fr");
        for (ArrivalPlan.Arrival a : plan) {
            assertThat(BOOK.names().get(a.script().lang())).contains(a.name());
            assertThat(BOOK.locations().get(a.script().lang())).contains(a.location());
            assertThat(a.patience()).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(270));
        }
        assertThat(BOOK.scripts()).allSatisfy(s -> assertThat(s.replies()).isNotEmpty());
    }

    private static List<ArrivalPlan.Arrival> plan(long seed, double perMinute, Duration duration) {
        return ArrivalPlan.generate(BOOK, seed, perMinute, duration, Duration.ofMinutes(3));
    }
}
