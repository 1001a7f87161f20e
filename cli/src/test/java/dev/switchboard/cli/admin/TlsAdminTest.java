package dev.switchboard.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin CLI against a server with {@code --tls}: each way of trusting it, and the refusals. */
class TlsAdminTest {
    private TestServer server;
    private AdminCli cli;

    @BeforeEach
    void start() {
        server = TestServer.start(b -> b.tls = true);
        cli = new AdminCli(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPinnedFingerprintInAnyCommonSpellingSignsIn() {
        String fingerprint = server.server().certificate().fingerprint().toString();
        AdminCli.Result colons = cli.run("agents", "list", "--tls-fingerprint", fingerprint);
        assertThat(colons.exit()).as(colons.err()).isZero();
        assertThat(colons.out()).contains("admin");
        String plainLower = "SHA256:" + fingerprint.replace(":", "").toLowerCase();
        assertThat(cli.run("agents", "list", "--tls-fingerprint", plainLower).exit()).isZero();
    }

    @Test
    void theSelfSignedCertificateServesAsItsOwnCaForLocalhost() {
        Path cert = server.server().certificate().certFile();
        AdminCli.Result byName = cli.run("agents", "list", "--tls-ca", cert.toString(),
                "--server", "localhost:" + server.port());
        assertThat(byName.exit()).as(byName.err()).isZero();
    }

    @Test
    void anUnknownCertificateWithNobodyToAskIsRefusedWithTheFingerprintToPin() {
        AdminCli.Result refused = cli.run("agents", "list", "--tls");
        assertThat(refused.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(refused.err()).contains(server.server().certificate().fingerprint().toString())
                .contains("--tls-fingerprint");
    }

    @Test
    void aWrongPinAPlainConnectionAndAMalformedPinEachSayWhatIsWrong() {
        AdminCli.Result wrongPin = cli.run("agents", "list", "--tls-fingerprint", "00".repeat(32));
        assertThat(wrongPin.exit()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(wrongPin.err()).contains("TLS handshake failed")
                .contains(server.server().certificate().fingerprint().toString());

        AdminCli.Result plain = cli.run("agents", "list");
        assertThat(plain.exit()).isNotZero();
        assertThat(plain.err()).contains("speaks TLS");

        AdminCli.Result malformed = cli.run("agents", "list", "--tls-fingerprint", "12:34");
        assertThat(malformed.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(malformed.err()).contains("not a SHA-256 fingerprint");
    }
}
