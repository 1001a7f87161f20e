package dev.switchboard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every command that connects to a server ({@code --server}) offers the same TLS options: none can skip them. */
class ClientTlsOptionsTest {

    @Test
    void everyCommandWithAServerOptionTakesTheTlsOptions() {
        List<String> clients = new ArrayList<>();
        collect(new CommandLine(new Switchboard()).getCommandSpec(), clients);
        assertThat(clients).contains("switchboard console", "switchboard customer", "switchboard simulate",
                "switchboard load", "switchboard admin agents list", "switchboard admin audit");
    }

    private static void collect(CommandSpec spec, List<String> clients) {
        if (spec.findOption("--server") != null) {
            assertThat(List.of("--tls", "--tls-ca", "--tls-fingerprint"))
                    .as(spec.qualifiedName() + " takes --server")
                    .allSatisfy(name -> assertThat(spec.findOption(name)).as(spec.qualifiedName() + " " + name).isNotNull());
            clients.add(spec.qualifiedName());
        }
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), clients));
    }
}
