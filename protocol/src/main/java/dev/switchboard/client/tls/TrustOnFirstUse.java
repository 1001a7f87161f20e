package dev.switchboard.client.tls;

import java.io.Console;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whom to trust when the person gave neither a CA file nor a fingerprint, the way SSH does: a server
 * remembered in {@link KnownServers} is pinned to its remembered certificate; a certificate the system's CAs
 * vouch for (with the right host name) is trusted as a browser would; anything else is shown with its
 * fingerprint and trusted only when the person says yes, and then remembered. Without a person to ask it is
 * refused, with the option that would trust it.
 */
public final class TrustOnFirstUse {

    /** Asks a yes/no question. */
    public interface Prompt {
        boolean confirm(String question);

        /** The terminal, or null when there is none (the standard streams are not a terminal). */
        static Prompt terminal() {
            Console console = System.console();
            if (console == null) {
                return null;
            }
            return question -> {
                String answer = console.readLine("%s", question);
                return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).matches("y|yes");
            };
        }
    }

    private TrustOnFirstUse() {
    }

    /** @param prompt null when there is nobody to ask (scripts, CI): unknown certificates are refused */
    public static TlsTrust resolve(String host, int port, KnownServers known, Prompt prompt) throws IOException {
        String server = host + ":" + port;
        var remembered = known.lookup(server);
        if (remembered.isPresent()) {
            return TlsTrust.pinned(remembered.get(), "remembered for " + server + " in " + known.file()
                    + "; if the server's certificate was replaced on purpose, delete that line");
        }
        Presented presented = presented(host, port);
        if (presented.systemTrusted()) {
            return TlsTrust.systemDefault();
        }
        Fingerprint fingerprint = Fingerprint.of(presented.leaf());
        String about = "The server " + server + " presented a certificate the system does not vouch for:\n"
                + "  subject: " + presented.leaf().getSubjectX500Principal().getName() + "\n"
                + "  SHA-256 fingerprint: " + fingerprint + "\n"
                + "Compare it with the fingerprint 'switchboard serve' printed at start (or 'switchboard admin info').\n";
        if (prompt == null) {
            throw new IOException(about + "Not trusted: nobody to ask. If it is the right one, pass --tls-fingerprint "
                    + fingerprint + " (or --tls-ca with the CA that signed it).");
        }
        if (!prompt.confirm(about + "Trust it and remember it in " + known.file() + "? [y/N] ")) {
            throw new IOException("not trusted: the certificate of " + server + " was refused");
        }
        known.remember(server, fingerprint);
        return TlsTrust.pinned(fingerprint, "remembered for " + server + " in " + known.file());
    }

    /** The server's leaf certificate, and whether the JDK's CAs vouch for it under the host name connected to. */
    private record Presented(X509Certificate leaf, boolean systemTrusted) {
    }

    /**
     * One handshake (nothing is sent over it): a trust manager that accepts any certificate records it and asks
     * the JDK's own trust manager, host name included, what it makes of it.
     */
    private static Presented presented(String host, int port) throws IOException {
        AtomicReference<Presented> seen = new AtomicReference<>();
        try {
            X509ExtendedTrustManager system = systemTrustManager();
            X509ExtendedTrustManager recorder = new X509ExtendedTrustManager() {
                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                    boolean trusted;
                    try {
                        system.checkServerTrusted(chain, authType, socket);
                        trusted = true;
                    } catch (CertificateException e) {
                        trusted = false;
                    }
                    seen.set(new Presented(chain[0], trusted));
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                    throw new UnsupportedOperationException("used with a socket only");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    throw new UnsupportedOperationException("used with a socket only");
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            };
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            try (SSLSocket socket = open(context, host, port)) {
                SSLParameters params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
                socket.startHandshake();
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS in this JVM: " + e.getMessage(), e);
        } catch (SSLException e) {
            if (seen.get() == null) {
                throw new IOException("no TLS handshake with " + host + ":" + port + " (is it a TLS port?): "
                        + TlsTrust.explain(e), e);
            }
        }
        if (seen.get() == null) {
            throw new IOException(host + ":" + port + " presented no certificate");
        }
        return seen.get();
    }

    private static X509ExtendedTrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    private static SSLSocket open(SSLContext context, String host, int port) throws IOException {
        int timeout = (int) TlsTrust.HANDSHAKE_TIMEOUT.toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), timeout);
            plain.setSoTimeout(timeout);
            return (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        } catch (IOException e) {
            plain.close();
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
