package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.protocol.Command;
import dev.switchboard.ssh.SshFrontDoor;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code admin info}: what an agent needs to trust the SSH console: the host key fingerprint (read from the
 * server's data dir, so run it on the server host or point --data-dir at it) and the registered keys.
 */
@CommandLine.Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Server facts: the SSH host key fingerprint (from the data dir; compare it with what ssh shows"
                + " on first login) and how many SSH keys are registered."})
final class InfoCommand extends AdminAction {

    @Option(names = "--data-dir", defaultValue = "${env:SWITCHBOARD_DATA_DIR:-./data}", paramLabel = "DIR",
            description = "The server's data directory (SWITCHBOARD_DATA_DIR). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Override
    int run(AdminConnection server) {
        JsonNode keys = server.request(new Command.SshKeyList(null)).get("keys");
        String fingerprint = SshFrontDoor.fingerprintIn(dataDir);
        out().println("ssh host key: " + (fingerprint != null ? fingerprint
                : "none in " + dataDir + " (made on the first start with --ssh-port)"));
        out().println("ssh keys registered: " + keys.size());
        return ExitCode.OK;
    }
}
