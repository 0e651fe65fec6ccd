package dev.triage.adapters;

/**
 * Told of every call an adapter makes to its platform's API, each attempt on its own: {@code ok}, {@code rate_limited}
 * (HTTP 429), {@code server_error} (5xx), {@code unreachable}, or the platform's own error code. For the bot's metrics.
 */
@FunctionalInterface
public interface ApiCalls {
    ApiCalls NONE = (platform, method, result) -> { };

    void called(String platform, String method, String result);
}
