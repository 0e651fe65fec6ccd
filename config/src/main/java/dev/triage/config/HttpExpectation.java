package dev.triage.config;

/**
 * A request the {@code http} check sends and the status it must answer with: a path relative to the target's base
 * URL ({@code /docs}) or an absolute URL, and what is sent ({@code POST /api/session/start} with headers and a body,
 * document 002's "→ 201 Created").
 */
public record HttpExpectation(String url, int expectStatus, HttpRequestSpec request) {
    public HttpExpectation {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url must not be blank");
        }
        if (expectStatus < 100 || expectStatus > 599) {
            throw new IllegalArgumentException("expected status must be 100..599: " + expectStatus);
        }
        request = request == null ? HttpRequestSpec.GET : request;
    }

    /** A plain GET. */
    public HttpExpectation(String url, int expectStatus) {
        this(url, expectStatus, null);
    }

    public String method() {
        return request.method();
    }

    /** How the check is known: {@code /docs} for a GET, {@code POST /api/session/start} otherwise. */
    public String label() {
        return request.method().equals("GET") ? url : request.method() + " " + url;
    }

    @Override
    public String toString() {
        return "HttpExpectation[" + label() + " → " + expectStatus + (request.describe().isEmpty() ? "" : "; " + request.describe()) + "]";
    }
}
