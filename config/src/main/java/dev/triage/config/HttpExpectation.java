package dev.triage.config;

/**
 * A URL checked by the {@code http} check: a path relative to the target's base URL
 * ({@code /docs}) or an absolute URL, and the status it must answer with.
 */
public record HttpExpectation(String url, int expectStatus) {
    public HttpExpectation {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url must not be blank");
        }
        if (expectStatus < 100 || expectStatus > 599) {
            throw new IllegalArgumentException("expected status must be 100..599: " + expectStatus);
        }
    }
}
