package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bounded runs: every option has a ceiling, the run has an upper bound in time, and only loopback is a target. */
class LoadConfigTest {

    private static LoadConfig parse(String... args) {
        LoadCommand cmd = new LoadCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.config();
    }

    @Test
    void defaultsAreSmallAndBounded() {
        LoadConfig c = parse("--admin-password", "x");
        assertThat(c.customers()).isEqualTo(50);
        assertThat(c.agents()).isEqualTo(1);
        assertThat(c.effectiveAgentCap()).isGreaterThanOrEqualTo(50);
        assertThat(c.upperBound()).isLessThan(Duration.ofMinutes(10));
    }

    @Test
    void maxRateAndCapsAreDerived() {
        LoadConfig c = parse("--customers", "5000", "--agents", "10", "--rate", "max", "--admin-password", "x");
        assertThat(c.maxRate()).isTrue();
        assertThat(c.effectiveAgentCap()).isBetween(500, 1000);
        assertThat(parse("--customers", "5000", "--admin-password", "x").agents()).isEqualTo(10);
    }

    @Test
    void refusesWhatWouldBeUnbounded() {
        assertThatThrownBy(() -> parse("--customers", "50001", "--admin-password", "x"))
                .hasMessageContaining("--customers");
        assertThatThrownBy(() -> parse("--idle", "60001")).hasMessageContaining("--idle");
        assertThatThrownBy(() -> parse("--duration", "3601", "--admin-password", "x")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> parse("--warmup", "-1", "--admin-password", "x")).hasMessageContaining("0-86400");
        assertThatThrownBy(() -> parse("--rate", "0", "--admin-password", "x")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> parse("--rate", "20000", "--admin-password", "x")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> parse("--window", "0", "--admin-password", "x")).hasMessageContaining("--window");
        assertThatThrownBy(() -> parse("--customers", "3000", "--agents", "2", "--admin-password", "x"))
                .hasMessageContaining("cannot hold");
        assertThatThrownBy(() -> parse("--customers", "0")).hasMessageContaining("nothing to do");
    }

    @Test
    void needsAnAdminPasswordToCreateAgents() {
        assertThatThrownBy(() -> parse("--customers", "5", "--admin-password", ""))
                .hasMessageContaining("--admin-password");
        assertThat(parse("--customers", "0", "--idle", "10").agents()).isZero();
    }

    @Test
    void onlyLoopbackUnlessAllowed() {
        assertThatThrownBy(() -> parse("--server", "192.0.2.10:7700", "--idle", "1", "--customers", "0"))
                .hasMessageContaining("loopback");
        assertThat(parse("--server", "localhost:7700", "--idle", "1", "--customers", "0").host()).isEqualTo("localhost");
        assertThat(parse("--server", "[::1]:7700", "--idle", "1", "--customers", "0").host()).isEqualTo("::1");
        assertThatThrownBy(() -> parse("--server", "nonsense", "--idle", "1")).hasMessageContaining("HOST:PORT");
    }

    @Test
    void sourceAddressesAreLoopbackAndShared() {
        LoadConfig c = parse("--customers", "0", "--idle", "100", "--per-source", "8");
        assertThat(c.sourceFor(0)).isEqualTo("127.1.0.1");
        assertThat(c.sourceFor(7)).isEqualTo("127.1.0.1");
        assertThat(c.sourceFor(8)).isEqualTo("127.1.0.2");
        assertThat(c.sourceFor(8 * 300)).isEqualTo("127.1.1.45");
        assertThat(parse("--customers", "0", "--idle", "1", "--no-spread").sourceFor(5)).isNull();
    }
}
