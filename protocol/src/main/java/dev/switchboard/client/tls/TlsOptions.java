package dev.switchboard.client.tls;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The TLS options every client command shares ({@code console}, {@code customer}, {@code admin},
 * {@code simulate}, {@code load}): picocli mixes them in with {@code @Mixin}. Inherited, so that a command with
 * subcommands ({@code admin}) takes them before or after the subcommand.
 */
public final class TlsOptions {

    @Option(names = "--tls", scope = ScopeType.INHERIT, defaultValue = "${env:SWITCHBOARD_TLS:-false}",
            description = "Connect with TLS (SWITCHBOARD_TLS). Without --tls-ca or --tls-fingerprint the server is "
                    + "trusted as remembered in ~/.config/switchboard/known_servers, else if a system CA vouches for "
                    + "it, else after you confirm its fingerprint (trust on first use).")
    boolean tls;

    @Option(names = "--tls-ca", scope = ScopeType.INHERIT, paramLabel = "PEM", defaultValue = "${env:SWITCHBOARD_TLS_CA}",
            description = "Trust servers whose certificate chains to a CA in this PEM file and names the host "
                    + "(SWITCHBOARD_TLS_CA). Implies --tls.")
    Path ca;

    @Option(names = "--tls-fingerprint", scope = ScopeType.INHERIT, paramLabel = "SHA256", defaultValue = "${env:SWITCHBOARD_TLS_FINGERPRINT}",
            description = "Trust only the server certificate with this SHA-256 fingerprint, as 'switchboard serve' "
                    + "prints it (SWITCHBOARD_TLS_FINGERPRINT). Implies --tls.")
    String fingerprint;

    public boolean enabled() {
        return tls || ca != null || (fingerprint != null && !fingerprint.isBlank());
    }

    /**
     * The trust for {@code host:port}, or null without TLS. May ask on the terminal (first use); throws
     * {@link IllegalArgumentException} for a malformed option and {@link IOException} when the server is not
     * trusted, each with a sentence to show.
     */
    public TlsTrust trust(String host, int port) throws IOException {
        if (!enabled()) {
            return null;
        }
        if (ca != null && fingerprint != null && !fingerprint.isBlank()) {
            throw new IllegalArgumentException("give --tls-ca or --tls-fingerprint, not both");
        }
        if (ca != null) {
            return TlsTrust.authorities(ca);
        }
        if (fingerprint != null && !fingerprint.isBlank()) {
            return TlsTrust.pinned(Fingerprint.parse(fingerprint), "given with --tls-fingerprint");
        }
        return TrustOnFirstUse.resolve(host, port, KnownServers.standard(), TrustOnFirstUse.Prompt.terminal());
    }
}
