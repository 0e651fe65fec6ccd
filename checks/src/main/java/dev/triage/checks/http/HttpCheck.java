package dev.triage.checks.http;

import dev.triage.checks.Check;
import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.HttpExpectation;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code http}: one URL (e.g. {@code /docs}, an API route) and the status it must answer with.
 * 502/503/504 are named as proxy or upstream errors (000/1, 002, 004). Redirects are not followed,
 * so an expected 301 can be checked too.
 */
public final class HttpCheck implements Check {
    public static final String ID = "http";

    private final HttpProber prober;
    private final HttpExpectation expectation;

    public HttpCheck(HttpProber prober, HttpExpectation expectation) {
        this.prober = prober;
        this.expectation = expectation;
    }

    @Override
    public String id() {
        return ID + " " + expectation.url();
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
        HttpProber.Outcome out = prober.get(url, target.timeout(), false);
        long ms = out.latency().toMillis();
        String request = "GET " + out.url();
        if (!out.answered()) {
            return CheckResult.of(id(), Status.FAIL, request + " → " + out.failure().label(),
                            List.of(out.failure().label() + ": " + out.failureDetail(), out.failure().hint()))
                    .withDuration(out.latency(), Instant.now())
                    .withFacts(Map.of("failure", out.failure().name()));
        }
        String statusLine = out.code() + (out.reason().isEmpty() ? "" : " " + out.reason());
        List<String> evidence = List.of("HTTP " + statusLine + " in " + ms + " ms (expected " + expectation.expectStatus() + ")");
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
                .withDuration(out.latency(), Instant.now())
                .withFacts(Map.of("http.status", Integer.toString(out.code()), "latency_ms", Long.toString(ms)));
    }
}
