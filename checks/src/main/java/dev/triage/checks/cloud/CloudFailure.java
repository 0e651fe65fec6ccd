package dev.triage.checks.cloud;

/** Why a provider API gave no answer about the target. */
public enum CloudFailure {
    /** HTTP 429, AWS ThrottlingException / RequestLimitExceeded: ask again later. */
    THROTTLED,
    /** HTTP 401, AWS ExpiredToken / InvalidClientTokenId / AuthFailure: renew the credentials. */
    CREDENTIALS,
    /** HTTP 403, AWS AccessDenied / UnauthorizedOperation: grant the permission named. */
    PERMISSION,
    /** The service, project or resource named in the config doesn't exist (HTTP 404). */
    NOT_FOUND,
    /** No answer: DNS, connect, timeout. */
    UNREACHABLE,
    /** Anything else the provider said no to (5xx, malformed answer, unknown error code). */
    PROVIDER
}
