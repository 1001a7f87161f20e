package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.server.testing.ServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What an operator sees when {@code serve} cannot run as asked: one line saying why, never a stack trace. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--sync|weird|--sync must be full or normal",
            "--routing|weird|--routing must be auto or manual",
            "--cap|-5|--cap must be 1 or more",
            "--grace|-10|--grace must be 0 seconds or more",
            "--rate|0|--rate must be above 0",
            "--max-line|0|--max-line must be at least 4096 bytes",
            "--max-connections-per-ip|0|--max-connections-per-ip must be 1 or more",
            "--http-origin|www.other.com|--http-origin takes scheme://host[:port]",
            "--reassign-after|banana|'banana' is not a duration"})
    void aValueTheServerCannotRunWithIsAUsageError(String flag, String value, String message) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ServeCommand()).setErr(new PrintWriter(err))
                .execute("--data-dir", dir.resolve("data").toString(), "--port", "0", flag, value);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains(message).doesNotContain("\tat ");
        assertThat(dir.resolve("data")).as("nothing started").doesNotExist();
    }

    @Test
    void everyFlagAlsoReadsItsEnvironmentVariable() {
        // The README's promise: each flag reads SWITCHBOARD_ + its name in upper snake case (see --help).
        CommandLine serve = new CommandLine(new ServeCommand()).setInterpolateVariables(false);
        for (CommandLine.Model.OptionSpec option : serve.getCommandSpec().options()) {
            String name = option.longestName();
            if (option.usageHelp() || option.versionHelp() || option.hidden()) {
                continue;
            }
            // Two list flags are named in the plural, as documented.
            String variable = Map.of("--http-origin", "SWITCHBOARD_HTTP_ORIGINS",
                            "--http-trusted-proxy", "SWITCHBOARD_HTTP_TRUSTED_PROXIES")
                    .getOrDefault(name, "SWITCHBOARD_" + name.substring(2).toUpperCase().replace('-', '_'));
            assertThat(option.defaultValue()).as(name).startsWith("${env:" + variable);
        }
    }

    @Test
    void aPortInUseIsNamedWithTheReason() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerProcess server = ServerProcess.start(dir.resolve("data"), "--port",
                     String.valueOf(taken.getLocalPort()))) {
            assertThat(server.awaitExit()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.output().contains("switchboard: "));
            assertThat(server.output())
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (the protocol): Address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aDataDirThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        try (ServerProcess server = ServerProcess.start(file)) {
            assertThat(server.awaitExit()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.output().contains("switchboard: "));
            assertThat(server.output()).contains("cannot use the data dir " + file + ": " + file + " is not a directory")
                    .doesNotContain("\tat ");
        }
    }
}
