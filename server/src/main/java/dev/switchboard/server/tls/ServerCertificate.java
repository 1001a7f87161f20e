package dev.switchboard.server.tls;

import dev.switchboard.client.tls.Fingerprint;
import dev.switchboard.client.tls.TlsTrust;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS identity: a certificate and key given by the operator, or a self-signed one made on the
 * first start and kept in {@code DATA_DIR/tls/} so that its fingerprint, which clients pin, survives restarts.
 */
public final class ServerCertificate {
    /** Long enough that a pinned self-signed certificate does not expire under a running desk. */
    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(3650);

    private final SslContext context;
    private final X509Certificate certificate;
    private final Fingerprint fingerprint;
    private final Path certFile;
    private final boolean generated;

    private ServerCertificate(SslContext context, X509Certificate certificate, Path certFile, boolean generated) {
        this.context = context;
        this.certificate = certificate;
        this.fingerprint = Fingerprint.of(certificate);
        this.certFile = certFile;
        this.generated = generated;
    }

    /** The operator's certificate chain and private key, both PEM (PKCS#8 or PKCS#1 key). */
    public static ServerCertificate load(Path certPem, Path keyPem) {
        return open(certPem, keyPem, false);
    }

    /** The self-signed certificate in {@code dataDir/tls/}, made now if there is none. */
    public static ServerCertificate selfSigned(Path dataDir, String listenHost, Clock clock) {
        Path dir = dataDir.resolve("tls");
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        boolean made = false;
        if (!Files.exists(cert) || !Files.exists(key)) {
            generate(dir, cert, key, names(listenHost), clock.instant());
            made = true;
        }
        return open(cert, key, made);
    }

    /** The fingerprint of the self-signed certificate kept in a data dir, or null when there is none. */
    public static Fingerprint fingerprintIn(Path dataDir) {
        Path cert = dataDir.resolve("tls").resolve("server.crt");
        return Files.exists(cert) ? Fingerprint.of(readCertificates(cert).get(0)) : null;
    }

    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = context.newHandler(alloc);
        handler.setHandshakeTimeoutMillis(TlsTrust.HANDSHAKE_TIMEOUT.toMillis());
        return handler;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Path certFile() {
        return certFile;
    }

    /** Whether this start made the self-signed certificate (clients have never seen it). */
    public boolean generated() {
        return generated;
    }

    /** Reads the chain and the key once, checks that they belong together, and builds the TLS context from them. */
    private static ServerCertificate open(Path certPem, Path keyPem, boolean generated) {
        List<X509Certificate> chain = readCertificates(certPem);
        if (!Files.isReadable(keyPem)) {
            throw new IllegalArgumentException("cannot read the TLS key " + keyPem);
        }
        try {
            PrivateKey key = readKey(keyPem);
            checkPair(chain.get(0), key, certPem, keyPem);
            SslContext context = SslContextBuilder.forServer(key, chain).build();
            return new ServerCertificate(context, chain.get(0), certPem, generated);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + certPem + " with the key " + keyPem
                    + ": " + TlsTrust.explain(e), e);
        }
    }

    /** An unencrypted PEM key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC). */
    private static PrivateKey readKey(Path pem) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem, StandardCharsets.US_ASCII))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("no unencrypted private key in " + pem);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TLS key " + pem + ": " + e.getMessage(), e);
        }
    }

    /**
     * A certificate and a key that do not belong together start fine and then fail every handshake; signing a
     * challenge with the key and checking it with the certificate refuses them at start instead.
     */
    private static void checkPair(X509Certificate cert, PrivateKey key, Path certPem, Path keyPem) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's: the same refusal
        }
        throw new IllegalArgumentException("the key " + keyPem + " does not belong to the certificate " + certPem);
    }

    /** The certificates of a PEM file in order, the server's own first. */
    private static List<X509Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            return chain;
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the TLS certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    /** localhost, this machine's name, the loopback addresses and the address listened on when it is one. */
    private static List<GeneralName> names(String listenHost) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            dns.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no name for this machine: the loopback names still serve, and clients pin the fingerprint anyway
        }
        if (listenHost != null && !listenHost.isBlank() && !listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
            (listenHost.matches("[0-9.]+|.*:.*") ? ips : dns).add(listenHost);
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ips.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
        return names;
    }

    private static void generate(Path dir, Path certFile, Path keyFile, List<GeneralName> names, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=Switchboard server");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.createDirectories(dir);
            writeAtomically(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null)), true);
            writeAtomically(certFile, pem(cert), false);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a self-signed TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof JcaPKCS8Generator g ? g.generate() : object);
        }
        return text.toString();
    }

    /** Written beside and moved in place, so a crash never leaves half a key; the key readable by its owner only. */
    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
