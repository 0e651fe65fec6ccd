package dev.triage.checks.http;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.net.NetworkFailure;
import dev.triage.config.Target;
import dev.triage.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code tls}: the certificate an {@code https://} target presents, verified the way a browser would — the chain against
 * the JVM's trust store (or the target's {@code tls.ca_file}) and the name against the host. FAIL when it is expired, not
 * yet valid, for another name, or not signed by a trusted CA, each named with what the certificate says; WARN when the
 * earliest expiry in the chain is closer than {@code tls.warn_days}. The days left are a fact either way.
 */
public final class TlsCheck implements Check {
    public static final String ID = "tls";

    private final InstantSource clock;

    public TlsCheck(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID;
    }

    /** Whether the check has anything to look at on {@code target}: an https base URL. */
    public static boolean applies(Target target) {
        return target.baseUrl() != null && "https".equalsIgnoreCase(target.baseUrl().getScheme());
    }

    @Override
    public CheckResult run(Target target) {
        if (!applies(target)) {
            return CheckResult.skipped(ID, "the base_url is not https://");
        }
        String host = target.baseUrl().getHost();
        int port = target.baseUrl().getPort() > 0 ? target.baseUrl().getPort() : 443;
        TlsSettings settings = target.tls();
        long start = System.nanoTime();
        X509ExtendedTrustManager trusted;
        try {
            trusted = trustManager(settings.caFile());
        } catch (IOException | GeneralSecurityException e) {
            return CheckResult.of(ID, Status.ERROR, "can't read the CA file " + settings.caFile() + ": " + e.getMessage()
                    + " (tls.ca_file must hold PEM certificates)", List.of());
        }
        Recording recording = new Recording(trusted);
        Exception refused = null;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recording}, null);
            int timeout = (int) Math.max(1, target.timeout().toMillis());
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(host, port), timeout);
                raw.setSoTimeout(timeout);
                try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true)) {
                    SSLParameters params = tls.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");   // the name, as a browser checks it
                    if (!host.matches("[0-9.]+|.*:.*")) {
                        params.setServerNames(List.of(new SNIHostName(host)));
                    }
                    tls.setSSLParameters(params);
                    tls.startHandshake();
                }
            }
        } catch (SSLException e) {
            refused = e;
        } catch (IOException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            NetworkFailure failure = NetworkFailure.classify(e, false);
            return CheckResult.of(ID, Status.FAIL, "no TLS handshake with " + host + ":" + port + ": " + failure.label(),
                    List.of(failure.label() + ": " + e.getMessage(), failure.hint())).withDuration(took)
                    .withFacts(Map.of("failure", failure.name()));
        } catch (GeneralSecurityException e) {
            return CheckResult.of(ID, Status.ERROR, "TLS is not available in this JVM: " + e.getMessage(), List.of());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        X509Certificate[] chain = recording.chain.get();
        if (chain == null || chain.length == 0) {
            return CheckResult.of(ID, Status.FAIL, "the TLS handshake with " + host + ":" + port + " failed before a certificate: "
                    + (refused == null ? "none presented" : rootMessage(refused)), List.of()).withDuration(took);
        }
        return judge(host, port, chain, refused, settings, took);
    }

    private CheckResult judge(String host, int port, X509Certificate[] chain, Exception refused, TlsSettings settings, Duration took) {
        Instant now = clock.instant();
        X509Certificate leaf = chain[0];
        Instant earliest = null;
        X509Certificate soonest = leaf;
        for (X509Certificate c : chain) {
            Instant end = c.getNotAfter().toInstant();
            if (earliest == null || end.isBefore(earliest)) {
                earliest = end;
                soonest = c;
            }
        }
        long days = Duration.between(now, earliest).toDays();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("tls.daysLeft", Long.toString(days));
        facts.put("tls.notAfter", earliest.toString());
        facts.put("tls.subject", leaf.getSubjectX500Principal().getName());
        facts.put("tls.issuer", leaf.getIssuerX500Principal().getName());
        List<String> evidence = new ArrayList<>();
        evidence.add("certificate: " + leaf.getSubjectX500Principal().getName() + ", names " + names(leaf));
        evidence.add("issued by " + leaf.getIssuerX500Principal().getName() + ", valid " + leaf.getNotBefore().toInstant() + " to "
                + leaf.getNotAfter().toInstant());
        String at = host + ":" + port;
        for (X509Certificate c : chain) {
            if (c.getNotAfter().toInstant().isBefore(now)) {
                facts.put("tls.problem", "expired");
                return fail("the certificate of " + at + " expired " + c.getNotAfter().toInstant() + " (" + Duration.between(
                        c.getNotAfter().toInstant(), now).toDays() + " days ago): " + c.getSubjectX500Principal().getName()
                        + " — renew it", evidence, facts, took);
            }
            if (c.getNotBefore().toInstant().isAfter(now)) {
                facts.put("tls.problem", "not-yet-valid");
                return fail("the certificate of " + at + " is not valid until " + c.getNotBefore().toInstant() + ": "
                        + c.getSubjectX500Principal().getName() + " — check the host's clock, or the certificate's start date",
                        evidence, facts, took);
            }
        }
        if (refused != null) {
            String why = rootMessage(refused);
            String lower = why.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("no subject alternative") || lower.contains("no name matching") || lower.contains("does not match")) {
                facts.put("tls.problem", "name-mismatch");
                return fail("the certificate of " + at + " is not for " + host + ": it names " + names(leaf)
                        + " — serve a certificate for " + host, evidence, facts, took);
            }
            if (lower.contains("pkix path") || lower.contains("unable to find valid certification path") || lower.contains("trust anchor")) {
                facts.put("tls.problem", "untrusted");
                return fail("the certificate of " + at + " is not signed by a CA Triage trusts: issued by "
                        + leaf.getIssuerX500Principal().getName() + (settings.caFile() == null
                        ? " — serve the full chain, or set tls.ca_file for a private CA" : " — not by the CAs in " + settings.caFile()),
                        evidence, facts, took);
            }
            facts.put("tls.problem", "refused");
            return fail("the TLS handshake with " + at + " failed: " + why, evidence, facts, took);
        }
        String summary = "certificate for " + names(leaf) + " valid until " + earliest + " (" + days + " days)"
                + (soonest == leaf ? "" : ", earliest in the chain: " + soonest.getSubjectX500Principal().getName());
        if (days < settings.warnDays()) {
            facts.put("tls.problem", "expiring");
            return CheckResult.of(ID, Status.WARN, summary + " — under " + settings.warnDays() + " days: renew it", evidence)
                    .withDuration(took).withFacts(facts);
        }
        return CheckResult.of(ID, Status.OK, summary, evidence).withDuration(took).withFacts(facts);
    }

    private CheckResult fail(String summary, List<String> evidence, Map<String, String> facts, Duration took) {
        return CheckResult.of(ID, Status.FAIL, summary, evidence).withDuration(took).withFacts(facts);
    }

    private static String names(X509Certificate c) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alt = c.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> entry : alt) {
                    if (entry.size() >= 2 && (Integer.valueOf(2).equals(entry.get(0)) || Integer.valueOf(7).equals(entry.get(0)))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateException ignored) {
            // no readable names: the subject below
        }
        return names.isEmpty() ? c.getSubjectX500Principal().getName() : String.join(", ", names);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder all = new StringBuilder();
        while (t != null) {
            if (t.getMessage() != null) {
                all.append(all.isEmpty() ? "" : ": ").append(t.getMessage());
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        String text = all.toString();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static X509ExtendedTrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int n = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, cert);
                }
                if (n == 0) {
                    throw new CertificateException("no certificate in it");
                }
            }
            factory.init(store);
        }
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Keeps the chain the server presented, then lets the real trust manager judge it. */
    private static final class Recording extends X509ExtendedTrustManager {
        final AtomicReference<X509Certificate[]> chain = new AtomicReference<>();
        private final X509ExtendedTrustManager real;

        Recording(X509ExtendedTrustManager real) {
            this.real = real;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            this.chain.set(chain);
            real.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            this.chain.set(chain);
            real.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            this.chain.set(chain);
            real.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            real.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            real.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            real.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return real.getAcceptedIssuers();
        }
    }
}
