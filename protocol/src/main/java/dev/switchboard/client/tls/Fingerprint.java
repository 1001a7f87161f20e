package dev.switchboard.client.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A certificate's SHA-256 fingerprint, written as browsers and {@code openssl x509 -fingerprint -sha256} show it
 * ({@code AB:CD:…}, 32 pairs). Parsing accepts that form, plain hex, either case, and an optional
 * {@code SHA256:} prefix, so a fingerprint pasted from any of those tools works.
 */
public record Fingerprint(String hex) {

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    public Fingerprint {
        if (hex == null || !hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 32 bytes of hex, got '" + hex + "'");
        }
    }

    public static Fingerprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new Fingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    public static Fingerprint parse(String text) {
        String s = text.trim();
        if (s.regionMatches(true, 0, "SHA256:", 0, 7)) {
            s = s.substring(7);
        }
        s = s.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a SHA-256 fingerprint"
                    + " (expected 32 hex pairs such as AB:CD:…, as 'openssl x509 -fingerprint -sha256' prints)");
        }
        return new Fingerprint(s);
    }

    @Override
    public String toString() {
        return COLONS.formatHex(HexFormat.of().parseHex(hex));
    }
}
