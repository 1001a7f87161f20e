package dev.switchboard.cli.admin;

import java.io.Console;
import java.io.InputStream;
import java.time.Clock;

/**
 * What the admin commands take from the process around them: environment variables, standard input, a
 * terminal to prompt on, and the clock. Tests pass their own; {@link #system()} is the real one.
 */
public interface Environment {

    String variable(String name);

    InputStream stdin();

    /** Reads a secret without echo, or returns {@code null} when there is no terminal to ask on. */
    char[] promptSecret(String prompt);

    Clock clock();

    static Environment system() {
        return new Environment() {
            @Override
            public String variable(String name) {
                return System.getenv(name);
            }

            @Override
            public InputStream stdin() {
                return System.in;
            }

            @Override
            public char[] promptSecret(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readPassword("%s", prompt);
            }

            @Override
            public Clock clock() {
                return Clock.systemDefaultZone();
            }
        };
    }
}
