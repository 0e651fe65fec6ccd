package dev.triage.adapters;

/**
 * A call to a chat platform that did not succeed after its retries — the platform down or rate limiting, a channel the
 * bot isn't in, a revoked token. An expected condition: its message says what failed and what to do, so the core logs
 * it as one line, where any other exception is a bug with a stack trace.
 */
public abstract class ChatCallFailedException extends RuntimeException {
    protected ChatCallFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
