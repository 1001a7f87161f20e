package dev.switchboard.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.client.SwitchboardClient;
import dev.switchboard.client.tls.Fingerprint;
import dev.switchboard.client.tls.KnownServers;
import dev.switchboard.client.tls.TlsTrust;
import dev.switchboard.client.tls.TrustOnFirstUse;
import dev.switchboard.protocol.Command;
import dev.switchboard.protocol.ServerFrame;
import dev.switchboard.server.testing.RawClient;
import dev.switchboard.server.testing.Recorder;
import dev.switchboard.server.testing.TestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --tls}: the certificate it presents, who trusts it, and what plain-text clients are told. */
class TlsTest {

    @TempDir
    Path temp;

    @Test
    void selfSignedCertificateIsMadeOnceKeptInTheDataDirAndPinnedClientsChatOverIt() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        Fingerprint first;
        try (TestServer t = TestServer.startIn(dataDir, b -> b.tls = true, Clock.systemUTC())) {
            ServerCertificate cert = t.server().certificate();
            assertThat(cert.generated()).isTrue();
            first = cert.fingerprint();
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("tls/server.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(cert.certificate().getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                    .contains("localhost", "127.0.0.1");

            // TestServer pins every client to the server's certificate: a whole chat runs over TLS.
            TestServer.Client alice = t.agent("alice");
            alice.recorder().await(ServerFrame.Snapshot.class);
            TestServer.Client carol = t.customer("Carol");
            String chat = carol.open("Is my order shipped?");
            alice.recorder().await(ServerFrame.Chat.class, c -> c.chat().equals(chat) && "active".equals(c.state()));
            alice.say(chat, "Yes, this morning.");
            carol.recorder().awaitText("Yes, this morning.");
            carol.say(chat, "Thanks!");
            alice.recorder().awaitText("Thanks!");
        }
        try (TestServer again = TestServer.startIn(dataDir, b -> b.tls = true, Clock.systemUTC())) {
            assertThat(again.server().certificate().generated()).isFalse();
            assertThat(again.server().certificate().fingerprint()).isEqualTo(first);
            assertThat(ServerCertificate.fingerprintIn(dataDir)).isEqualTo(first);
            assertThat(again.customer("Dan").open("hello again")).startsWith("c");
        }
    }

    @Test
    void aClientPinnedToAnotherCertificateIsRefusedAndToldBothFingerprints() {
        try (TestServer t = TestServer.start(b -> b.tls = true)) {
            Fingerprint wrong = Fingerprint.parse("ab".repeat(32));
            assertThatThrownBy(() -> t.connect(Command.Hello.customer("Eve", null, null),
                    b -> b.tls(TlsTrust.pinned(wrong))))
                    .hasMessageContaining("TLS handshake failed")
                    .hasMessageContaining(t.server().certificate().fingerprint().toString())
                    .hasMessageContaining(wrong.toString());
        }
    }

    @Test
    void aServerBackWithAnotherCertificateIsNotRetriedButExplained() {
        Recorder recorder = new Recorder();
        SwitchboardClient client;
        int port;
        try (TestServer first = TestServer.start(b -> b.tls = true)) {
            port = first.port();
            client = SwitchboardClient.builder("127.0.0.1", port, Command.Hello.customer("Carol", null, null))
                    .tls(TlsTrust.pinned(first.server().certificate().fingerprint())).listener(recorder).reconnect(true).build();
            client.connect().join();
        }
        try (TestServer other = TestServer.start(b -> {
            b.tls = true;
            b.port = port;
        })) {
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(recorder.lastDrop())
                    .contains("TLS handshake failed").contains(other.server().certificate().fingerprint().toString()));
            assertThat(recorder.lastDropRetries()).as("a certificate that is not trusted stays so").isFalse();
        } finally {
            client.close();
        }
    }

    @Test
    void aPlainTextClientOnTheTlsPortIsToldToUseTlsInPlainText() {
        try (TestServer t = TestServer.start(b -> b.tls = true); RawClient nc = new RawClient(t.port())) {
            JsonNode error = nc.send("{\"type\":\"hello\",\"v\":1,\"role\":\"customer\",\"name\":\"Nc\"}").read();
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("code").asText()).isEqualTo("bad_frame");
            assertThat(error.path("message").asText()).contains("speaks TLS");
            assertThat(nc.closedByServer()).isTrue();
        }
    }

    @Test
    void aTlsClientOnAPlainPortFailsWithAHandshakeError() {
        try (TestServer t = TestServer.start()) {
            SwitchboardClient client = SwitchboardClient.builder("127.0.0.1", t.port(),
                    Command.Hello.customer("Tess", null, null)).tls(TlsTrust.systemDefault()).build();
            try {
                assertThatThrownBy(() -> client.connect().get(15, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasMessageContaining("TLS handshake failed");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aCertificateSignedByAGivenCaIsTrustedByNameWithAPkcs1Key() throws Exception {
        KeyPair caKeys = keys("EC");
        X500Name caName = new X500Name("CN=Test CA");
        X509Certificate ca = sign(caName, caKeys, caName, caKeys, true, null);
        KeyPair leafKeys = keys("RSA");
        X509Certificate leaf = sign(caName, caKeys, new X500Name("CN=desk"), leafKeys, false, "localhost");
        Path caPem = pem(temp.resolve("ca.pem"), ca);
        Path certPem = pem(temp.resolve("desk.pem"), leaf);
        Path keyPem = pem(temp.resolve("desk.key"), leafKeys); // a key pair is written as PKCS#1
        assertThat(Files.readString(keyPem)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        try (TestServer t = TestServer.start(b -> {
            b.tls = true;
            b.tlsCert = certPem;
            b.tlsKey = keyPem;
        })) {
            assertThat(t.server().certificate().generated()).isFalse();
            assertThat(t.server().certificate().fingerprint()).isEqualTo(Fingerprint.of(leaf));
            SwitchboardClient byName = SwitchboardClient.builder("localhost", t.port(),
                    Command.Hello.customer("Ann", null, null)).tls(TlsTrust.authorities(caPem)).build();
            SwitchboardClient byAddress = SwitchboardClient.builder("127.0.0.1", t.port(),
                    Command.Hello.customer("Bo", null, null)).tls(TlsTrust.authorities(caPem)).build();
            try {
                assertThat(byName.connect().get(15, TimeUnit.SECONDS).role()).isEqualTo("customer");
                // The certificate names localhost only: connecting by address must fail the host-name check.
                assertThatThrownBy(() -> byAddress.connect().get(15, TimeUnit.SECONDS))
                        .hasMessageContaining("TLS handshake failed").hasMessageContaining("127.0.0.1");
            } finally {
                byName.close();
                byAddress.close();
            }
        }
    }

    @Test
    void aMismatchedCertificateAndKeyAreRefusedAtStart() throws Exception {
        KeyPair one = keys("EC");
        X500Name name = new X500Name("CN=desk");
        Path certPem = pem(temp.resolve("c.pem"), sign(name, one, name, one, false, "localhost"));
        Path otherKey = pem(temp.resolve("k.pem"), keys("RSA"));
        assertThatThrownBy(() -> TestServer.start(b -> {
            b.tls = true;
            b.tlsCert = certPem;
            b.tlsKey = otherKey;
        })).hasMessageContaining("does not belong to the certificate").hasMessageContaining(certPem.toString());
    }

    @Test
    void trustOnFirstUseAsksOnceRemembersAndRefusesAChangedCertificate() throws Exception {
        KnownServers known = new KnownServers(temp.resolve("cfg/known_servers"));
        try (TestServer t = TestServer.start(b -> b.tls = true)) {
            Fingerprint real = t.server().certificate().fingerprint();

            assertThatThrownBy(() -> TrustOnFirstUse.resolve("127.0.0.1", t.port(), known, null))
                    .isInstanceOf(IOException.class).hasMessageContaining(real.toString())
                    .hasMessageContaining("--tls-fingerprint");
            assertThatThrownBy(() -> TrustOnFirstUse.resolve("127.0.0.1", t.port(), known, question -> false))
                    .hasMessageContaining("refused");
            assertThat(Files.exists(known.file())).isFalse();

            AtomicInteger asked = new AtomicInteger();
            TlsTrust trusted = TrustOnFirstUse.resolve("127.0.0.1", t.port(), known, question -> {
                asked.incrementAndGet();
                assertThat(question).contains(real.toString()).contains("Trust it");
                return true;
            });
            assertThat(trusted.pin()).isEqualTo(real);
            assertThat(known.lookup("127.0.0.1:" + t.port())).contains(real);
            TlsTrust remembered = TrustOnFirstUse.resolve("127.0.0.1", t.port(), known, question -> {
                throw new AssertionError("asked again: " + question);
            });
            assertThat(remembered.pin()).isEqualTo(real);
            assertThat(asked).hasValue(1);
            assertThat(t.connect(Command.Hello.customer("Una", null, null), b -> b.tls(remembered)).client()
                    .isConnected()).isTrue();

            // The server's certificate is replaced behind the client's back: the remembered pin refuses it.
            known.remember("127.0.0.1:" + t.port(), Fingerprint.parse("cd".repeat(32)));
            TlsTrust stale = TrustOnFirstUse.resolve("127.0.0.1", t.port(), known, null);
            assertThatThrownBy(() -> t.connect(Command.Hello.customer("Vic", null, null), b -> b.tls(stale)))
                    .hasMessageContaining("remembered for 127.0.0.1:" + t.port())
                    .hasMessageContaining(real.toString());
            assertThat(Files.readAllLines(known.file())).hasSize(1);
        }
    }

    @Test
    void theWidgetPortSpeaksHttpsAndAnswersPlainHttpWithAHint() throws Exception {
        try (TestServer t = TestServer.start(b -> {
            b.tls = true;
            b.httpPort = 0;
        })) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("switchboard", t.server().certificate().certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> widget = https.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + t.server().httpPort() + "/widget.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(widget.statusCode()).isEqualTo(200);
            assertThat(widget.body()).contains("wss://");

            try (RawClient browser = new RawClient(t.server().httpPort())) {
                browser.sendBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
                assertThat(browser.readLine()).startsWith("HTTP/1.1 400");
                StringBuilder rest = new StringBuilder();
                for (String line = browser.readLine(); line != null; line = browser.readLine()) {
                    rest.append(line).append('\n');
                }
                assertThat(rest).contains("speaks HTTPS");
            }
        }
    }

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        g.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
                                        boolean ca, String dnsName) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (dnsName != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    }

    private static Path pem(Path file, Object object) throws IOException {
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            w.writeObject(object);
        }
        return file;
    }
}
