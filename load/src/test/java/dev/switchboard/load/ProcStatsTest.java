package dev.switchboard.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcStatsTest {

    @Test
    void parsesStatWithSpacesAndParenthesesInTheName() {
        // utime 250 ticks, stime 50 ticks = 3 s.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 30 0 1000 9000000 2000";
        assertThat(ProcStats.parseStatCpuNanos(stat)).isEqualTo(3_000_000_000L);
    }

    @Test
    void parsesStatusKib() {
        assertThat(ProcStats.parseKib("\t  123456 kB")).isEqualTo(123456);
    }

    @Test
    void parsesHeapInfo() {
        String out = "12345:\n garbage-first heap   total 262144K, used 35211K [0x0000000700000000, 0x0000000800000000)\n"
                + "  region size 1024K, 30 young (30720K), 2 survivors (2048K)\n";
        assertThat(ProcStats.parseHeapUsedKib(out)).isEqualTo(35211);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisProcess() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.rssKib(pid)).isPositive();
        assertThat(ProcStats.peakRssKib(pid)).isGreaterThanOrEqualTo(ProcStats.rssKib(pid) / 2);
        assertThat(ProcStats.cpuNanos(pid)).isPositive();
        assertThat(ProcStats.selfCpuNanos()).isPositive();
    }

    @Test
    void unknownProcessIsMinusOne() {
        assertThat(ProcStats.rssKib(Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(ProcStats.cpuNanos(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
