package dev.triage.checks.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Target;
import dev.triage.config.TlsSettings;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
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

/**
 * The {@code tls} check against a real TLS server on 127.0.0.1 (the JDK's), with certificates this test makes: valid,
 * expiring in 5 days, expired, not yet valid, for another name, and from a CA the check wasn't told about.
 */
class TlsCheckTest {
    private static final AtomicLong SERIAL = new AtomicLong(1000);
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private record Ca(KeyPair keys, X509Certificate cert) {
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static Ca ca(String name) throws Exception {
        KeyPair k = keys();
        X500Name subject = new X500Name("CN=" + name);
        var b = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(NOW.minus(Duration.ofDays(30))), Date.from(NOW.plus(Duration.ofDays(3650))), subject, k.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new Ca(k, new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(k.getPrivate()))));
    }

    private record Leaf(KeyPair keys, X509Certificate cert, Ca ca) {
    }

    private static Leaf leaf(Ca ca, GeneralName name, Instant from, Instant to) throws Exception {
        KeyPair k = keys();
        var b = new JcaX509v3CertificateBuilder(new X500Name(ca.cert().getSubjectX500Principal().getName()),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), new X500Name("CN=backend"), k.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(ca.keys().getPrivate())));
        return new Leaf(k, cert, ca);
    }

    private static GeneralName loopback() {
        return new GeneralName(GeneralName.iPAddress, "127.0.0.1");
    }

    /** A TLS server presenting {@code leaf} and its CA, answering handshakes until closed. */
    private static final class Server implements AutoCloseable {
        final SSLServerSocket socket;
        final Thread acceptor;

        Server(Leaf leaf) throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("leaf", leaf.keys().getPrivate(), "pw".toCharArray(), new X509Certificate[] {leaf.cert(), leaf.ca().cert()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (SSLSocket s = (SSLSocket) socket.accept()) {
                        s.setSoTimeout(2000);
                        s.startHandshake();
                    } catch (IOException e) {
                        // a client refusing the certificate ends the handshake: expected here
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Path pem(X509Certificate cert) throws IOException {
        Path file = Files.createTempFile(dir, "ca", ".pem");
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(cert);
        }
        Files.writeString(file, out.toString());
        return file;
    }

    private CheckResult check(Leaf leaf, Path caFile, int warnDays) throws Exception {
        try (Server server = new Server(leaf)) {
            Target t = new Target("api", URI.create("https://127.0.0.1:" + server.port()), null, null, null, Duration.ofSeconds(3), null,
                    null, null, null, null, null, null, new TlsSettings(warnDays, caFile));
            return new TlsCheck(java.time.InstantSource.system()).run(t);
        }
    }

    @Test
    void aValidCertificateFromTheConfiguredCaIsOkWithItsDaysLeft() throws Exception {
        Ca ca = ca("Triage Test CA");
        CheckResult r = check(leaf(ca, loopback(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))), pem(ca.cert()), 14);
        assertEquals(Status.OK, r.status(), r.summary());
        assertTrue(r.summary().startsWith("certificate for 127.0.0.1 valid until"), r.summary());
        long days = Long.parseLong(r.fact("tls.daysLeft"));
        assertTrue(days >= 88 && days <= 90, r.fact("tls.daysLeft"));
    }

    @Test
    void expiringSoonIsWarnNamingTheDays() throws Exception {
        Ca ca = ca("Triage Test CA");
        CheckResult r = check(leaf(ca, loopback(), NOW.minus(Duration.ofDays(80)), NOW.plus(Duration.ofDays(5))), pem(ca.cert()), 14);
        assertEquals(Status.WARN, r.status(), r.summary());
        assertTrue(r.summary().contains("under 14 days: renew it"), r.summary());
        assertEquals("expiring", r.fact("tls.problem"));
    }

    @Test
    void anExpiredCertificateIsFailSayingWhen() throws Exception {
        Ca ca = ca("Triage Test CA");
        CheckResult r = check(leaf(ca, loopback(), NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(3))), pem(ca.cert()), 14);
        assertEquals(Status.FAIL, r.status(), r.summary());
        assertTrue(r.summary().contains(" expired ") && r.summary().contains("days ago") && r.summary().contains("renew it"), r.summary());
        assertEquals("expired", r.fact("tls.problem"));
    }

    @Test
    void aCertificateNotYetValidIsFail() throws Exception {
        Ca ca = ca("Triage Test CA");
        CheckResult r = check(leaf(ca, loopback(), NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(90))), pem(ca.cert()), 14);
        assertEquals(Status.FAIL, r.status(), r.summary());
        assertEquals("not-yet-valid", r.fact("tls.problem"), r.summary());
    }

    @Test
    void aCertificateForAnotherNameIsFailNamingWhatItIsFor() throws Exception {
        Ca ca = ca("Triage Test CA");
        CheckResult r = check(leaf(ca, new GeneralName(GeneralName.dNSName, "api.other.example"), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(90))), pem(ca.cert()), 14);
        assertEquals(Status.FAIL, r.status(), r.summary());
        assertEquals("name-mismatch", r.fact("tls.problem"), r.summary());
        assertTrue(r.summary().contains("is not for 127.0.0.1: it names api.other.example"), r.summary());
    }

    @Test
    void aCertificateFromAnUnknownCaIsFail() throws Exception {
        Ca trusted = ca("Triage Test CA");
        Ca other = ca("Somebody Else's CA");
        CheckResult r = check(leaf(other, loopback(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))), pem(trusted.cert()), 14);
        assertEquals(Status.FAIL, r.status(), r.summary());
        assertEquals("untrusted", r.fact("tls.problem"), r.summary());
        assertTrue(r.summary().contains("issued by CN=Somebody Else's CA"), r.summary());

        CheckResult jvm = check(leaf(other, loopback(), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))), null, 14);
        assertEquals("untrusted", jvm.fact("tls.problem"), "the JVM's trust store doesn't know it either: " + jvm.summary());
        assertTrue(jvm.summary().contains("set tls.ca_file for a private CA"), jvm.summary());
    }

    @Test
    void aPlainHttpTargetIsNotChecked() {
        CheckResult r = new TlsCheck(java.time.InstantSource.system()).run(Target.http("web", URI.create("http://127.0.0.1:1")));
        assertEquals(Status.SKIPPED, r.status());
    }
}
