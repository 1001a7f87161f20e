package dev.switchboard.cli.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Who arrives when: a Poisson process (exponential gaps with mean 1/rate) and each arrival's script, name,
 * place and patience, all drawn from one seeded generator, so the same seed gives the same arrivals.
 */
final class ArrivalPlan {

    /** One customer of the plan; {@code seed} drives its own behaviour (think times, rating). */
    record Arrival(int number, Duration at, String name, String location, ScriptBook.Script script, Duration patience,
                   long seed) {
    }

    private ArrivalPlan() {
    }

    static List<Arrival> generate(ScriptBook book, long seed, double perMinute, Duration duration, Duration meanPatience) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("the rate must be above 0");
        }
        Random random = new Random(seed);
        double meanGapMillis = 60_000.0 / perMinute;
        List<Arrival> plan = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) * meanGapMillis;
            if (t >= duration.toMillis()) {
                return plan;
            }
            ScriptBook.Script script = book.scripts().get(random.nextInt(book.scripts().size()));
            List<String> names = book.names().get(script.lang());
            List<String> places = book.locations().get(script.lang());
            // Patience varies between half and one and a half times the mean.
            long patience = Math.round(meanPatience.toMillis() * (0.5 + random.nextDouble()));
            plan.add(new Arrival(plan.size() + 1, Duration.ofMillis(Math.round(t)), names.get(random.nextInt(names.size())),
                    places.get(random.nextInt(places.size())), script, Duration.ofMillis(patience), random.nextLong()));
        }
    }
}
