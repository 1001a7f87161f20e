package dev.switchboard.client.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

/**
 * How a client decides that the server on the other end is the right one:
 * <ul>
 * <li>{@link #pinned}: the server's certificate must have this SHA-256 fingerprint (self-signed servers; the
 * fingerprint is what {@code switchboard serve} prints). The host name is not checked: the pin is stronger.</li>
 * <li>{@link #authorities}: the certificate must chain to one of the CA certificates in a PEM file and name the
 * host connected to.</li>
 * <li>{@link #systemDefault}: the JDK's trusted CAs and the host name, as a browser would.</li>
 * </ul>
 * The Netty {@link SslContext} is built once per trust, so thousands of connections share it.
 */
public final class TlsTrust {
    /** LIMITS.md: a handshake that has not finished in 10 s is given up. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final SslContext context;
    private final Fingerprint pin;

    private TlsTrust(SslContext context, Fingerprint pin) {
        this.context = context;
        this.pin = pin;
    }

    public static TlsTrust pinned(Fingerprint fingerprint) {
        return pinned(fingerprint, "expected");
    }

    /** A pin with where it came from, named in the refusal ("remembered in ~/.config/…"). */
    public static TlsTrust pinned(Fingerprint fingerprint, String source) {
        return new TlsTrust(build(SslContextBuilder.forClient()
                .trustManager(new PinnedTrustManager(fingerprint, source)).endpointIdentificationAlgorithm(null)),
                fingerprint);
    }

    public static TlsTrust authorities(Path caPemFile) {
        if (!Files.isReadable(caPemFile)) {
            throw new IllegalArgumentException("cannot read the CA file " + caPemFile);
        }
        return new TlsTrust(build(SslContextBuilder.forClient()
                .trustManager(caPemFile.toFile()).endpointIdentificationAlgorithm("HTTPS")), null);
    }

    public static TlsTrust systemDefault() {
        return new TlsTrust(build(SslContextBuilder.forClient()
                .endpointIdentificationAlgorithm("HTTPS")), null);
    }

    /** A handler for the head of a client pipeline, connecting to {@code host} (SNI and host-name check). */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, host, port);
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT.toMillis());
        return handler;
    }

    /** The pinned fingerprint, or null when this trust checks a chain instead. */
    public Fingerprint pin() {
        return pin;
    }

    private static SslContext build(SslContextBuilder builder) {
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Accepts exactly one leaf certificate, whatever signed it; says both fingerprints when it refuses. */
    private record PinnedTrustManager(Fingerprint expected, String source) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            Fingerprint actual = Fingerprint.of(chain[0]);
            if (!actual.equals(expected)) {
                throw new CertificateException("the server's certificate has SHA-256 fingerprint " + actual
                        + ", not the one " + source + " (" + expected + ")");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not used");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Reads the causes of a failed handshake down to the sentence a person can act on. */
    /** Whether a failed handshake failed on the server's certificate: trying again cannot help. */
    public static boolean isUntrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    public static String explain(Throwable failure) {
        Throwable t = failure;
        String message = failure.getMessage();
        while (t != null) {
            if (t instanceof CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
            t = t.getCause();
        }
        return message;
    }
}
