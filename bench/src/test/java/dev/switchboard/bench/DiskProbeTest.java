package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short run: every sync is counted and the probe leaves nothing behind (its speed is not asserted). */
class DiskProbeTest {
    @TempDir
    Path dir;

    @Test
    void countsEverySyncAndRemovesItsFile() throws Exception {
        DiskProbe.Result r = DiskProbe.run(dir, 40, 1000, 8192);
        assertThat(r.syncs().count()).isEqualTo(40);
        assertThat(r.syncs().max()).isGreaterThanOrEqualTo(r.syncs().p50());
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
