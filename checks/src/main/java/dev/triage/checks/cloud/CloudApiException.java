package dev.triage.checks.cloud;

import java.util.Objects;

/**
 * A provider API call that didn't give an answer about the target: throttled, credentials expired,
 * permission missing, unreachable. The message is fit for chat — it names what to fix and never
 * holds a secret — and becomes an ERROR result, never an uncaught exception.
 */
public final class CloudApiException extends Exception {
    private final CloudFailure failure;

    public CloudApiException(CloudFailure failure, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    public CloudFailure failure() {
        return failure;
    }
}
