package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --version} is in every command's help, so every command answers it. */
class VersionTest {

    @ParameterizedTest
    @ValueSource(strings = {"--version", "admin --version", "serve --version", "admin agents list --version",
            "console --version", "load --version"})
    void everyCommandPrintsTheVersion(String args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = Switchboard.withVersion(new CommandLine(new Switchboard())).setOut(new PrintWriter(out));
        assertThat(cmd.execute(args.split(" "))).isZero();
        assertThat(out.toString()).isEqualTo(Switchboard.VERSION + System.lineSeparator());
    }

    @Test
    void serveAloneToo() {
        StringWriter out = new StringWriter();
        CommandLine serve = Switchboard.withVersion(new CommandLine(new dev.switchboard.server.ServeCommand()))
                .setOut(new PrintWriter(out));
        assertThat(serve.execute("--version")).isZero();
        assertThat(out.toString()).startsWith(Switchboard.VERSION);
    }
}
