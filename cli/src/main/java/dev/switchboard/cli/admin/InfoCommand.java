package dev.switchboard.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.tls.Fingerprint;
import dev.switchboard.protocol.Command;
import dev.switchboard.server.tls.ServerCertificate;
import dev.switchboard.ssh.SshFrontDoor;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code admin info}: what agents need to trust the server: the SSH host key and TLS certificate fingerprints (read
 * from the server's data dir, so run it on the server host or point --data-dir at it) and the registered keys.
 */
@CommandLine.Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Server facts: the SSH host key fingerprint (from the data dir; compare it with what ssh shows"
                + " on first login), how many SSH keys are registered, and the fingerprint of the self-signed TLS"
                + " certificate (compare it with what a client asks you to trust)."})
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
        Fingerprint tls = ServerCertificate.fingerprintIn(dataDir);
        out().println("tls certificate (self-signed): " + (tls != null ? "SHA-256 " + tls
                : "none in " + dataDir + " (made on the first start with --tls and no --tls-cert)"));
        return ExitCode.OK;
    }
}
