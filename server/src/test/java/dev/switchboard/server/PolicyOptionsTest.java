package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.server.desk.DeskConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PolicyOptionsTest {

    private static DeskConfig parse(String... args) {
        PolicyOptions options = new PolicyOptions();
        new CommandLine(options).parseArgs(args);
        return options.apply(DeskConfig.defaults());
    }

    @Test
    void unsetFlagsKeepTheDefaults() {
        assertThat(parse()).isEqualTo(DeskConfig.defaults());
    }

    @Test
    void flagsOverrideTheirPolicies() {
        DeskConfig c = parse("--routing", "manual", "--reassign-after", "off", "--away-after", "0",
                "--auto-reply-at", "5s,1m", "--idle-warn-after", "15m", "--abuse-ban", "3d",
                "--team-cap", "billing=2", "--global-cap", "40", "--topic-team", "invoice=billing",
                "--sla-first-response", "30s", "--sla-resolution", "off");
        assertThat(c.manualAccept()).isTrue();
        assertThat(c.noAnswer()).isEqualTo(new DeskConfig.NoAnswer(null, 0));
        assertThat(c.autoReply().after()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(1));
        assertThat(c.autoReply().queuedTexts()).isEqualTo(DeskConfig.defaults().autoReply().queuedTexts());
        assertThat(c.idle().warnAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.idle().closeAfter()).isEqualTo(DeskConfig.defaults().idle().closeAfter());
        assertThat(c.abuse().ban()).isEqualTo(Duration.ofDays(3));
        assertThat(c.caps()).isEqualTo(new DeskConfig.Caps(Map.of("billing", 2), 40));
        assertThat(c.topicTeams()).containsEntry("invoice", "billing");
        assertThat(c.sla()).isEqualTo(new DeskConfig.Sla(Duration.ofSeconds(30), Duration.ofSeconds(120), null));
        assertThat(parse("--auto-reply-at", "off").autoReply()).isEqualTo(DeskConfig.AutoReply.off());
    }

    @Test
    void aBadDurationIsAClearError() {
        assertThatThrownBy(() -> parse("--reassign-after", "soon"))
                .hasMessageContaining("'soon' is not a duration such as 90s, 2m, 24h or off");
    }
}
