package dev.triage.checks.http;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.HttpExpectation;
import dev.triage.config.HttpRequestSpec;
import dev.triage.config.Target;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code http}: one request (e.g. GET {@code /docs}, or document 002's POST {@code /api/session/start} with its
 * headers and body, all from the configuration) and the status it must answer with. 502/503/504 are named as
 * proxy or upstream errors (000/1, 002, 004). Redirects are not followed, so an expected 301 can be checked
 * too. Header values and the body are never shown: only header names and the body's size.
 */
public final class HttpCheck implements Check {
    public static final String ID = "http";

    private final HttpProber prober;
    private final HttpExpectation expectation;
    private final InstantSource clock;

    public HttpCheck(HttpProber prober, HttpExpectation expectation) {
        this(prober, expectation, InstantSource.system());
    }

    public HttpCheck(HttpProber prober, HttpExpectation expectation, InstantSource clock) {
        this.prober = prober;
        this.expectation = expectation;
        this.clock = clock;
    }

    @Override
    public String id() {
        return ID + " " + expectation.label();
    }

    @Override
    public CheckResult run(Target target) {
        URI url;
        if (expectation.url().startsWith("/")) {
            if (target.baseUrl() == null) {
                return CheckResult.skipped(id(), "a path needs the target's base_url");
            }
            url = HttpHealthCheck.resolve(target.baseUrl(), expectation.url());
        } else {
            url = URI.create(expectation.url());
        }
        HttpRequestSpec spec = expectation.request();
        Map<String, String> headers = new LinkedHashMap<>();
        spec.headers().forEach((name, value) -> headers.put(name, value.reveal()));
        HttpProber.Outcome out = prober.send(url, spec.method(), headers, spec.body() == null ? null : spec.body().reveal(),
                target.timeout(), false);
        long ms = out.latency().toMillis();
        String request = spec.method() + " " + out.url();
        String sent = spec.describe();
        if (!out.answered()) {
            List<String> evidence = new ArrayList<>(List.of(out.failure().label() + ": " + out.failureDetail(), out.failure().hint()));
            if (!sent.isEmpty()) {
                evidence.add("sent " + sent);
            }
            return CheckResult.of(id(), Status.FAIL, request + " → " + out.failure().label(), evidence)
                    .withDuration(out.latency())
                    .withFacts(Map.of("failure", out.failure().name()));
        }
        String statusLine = out.code() + (out.reason().isEmpty() ? "" : " " + out.reason());
        List<String> evidence = new ArrayList<>();
        evidence.add("HTTP " + statusLine + " in " + ms + " ms (expected " + expectation.expectStatus() + ")");
        if (!sent.isEmpty()) {
            evidence.add("sent " + sent);
        }
        Status status;
        String summary;
        if (out.code() == expectation.expectStatus()) {
            status = Status.OK;
            summary = statusLine + " in " + ms + " ms";
        } else {
            status = Status.FAIL;
            String meaning = StatusNames.proxyMeaning(out.code());
            summary = request + " → " + statusLine + ", expected " + expectation.expectStatus()
                    + (meaning.isEmpty() ? "" : " (" + meaning + ")");
        }
        return CheckResult.of(id(), status, summary, evidence)
                .withDuration(out.latency())
                .withFacts(Map.of("http.status", Integer.toString(out.code()), "latency_ms", Long.toString(ms)));
    }
}
