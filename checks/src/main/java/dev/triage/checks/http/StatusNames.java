package dev.triage.checks.http;

/** Reason phrases (HTTP/2 has none on the wire) and what a proxy's error status means for a backend. */
public final class StatusNames {
    private StatusNames() {
    }

    public static String of(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /** For 502/503/504: what it usually means behind nginx or a load balancer; else empty. */
    public static String proxyMeaning(int code) {
        return switch (code) {
            case 502 -> "proxy: upstream down or refusing connections";
            case 503 -> "upstream unavailable: service down, starting or overloaded";
            case 504 -> "proxy: upstream timed out";
            default -> "";
        };
    }
}
