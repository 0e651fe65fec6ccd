package dev.triage.checks.ssh;

/**
 * The host could not be reached or trusted, so no command ran. The message is safe to show in chat:
 * it names the host and what went wrong (and for host keys, the presented fingerprint), never a key or
 * password.
 */
public class RemoteAccessException extends Exception {

    public enum Kind { CONNECT_FAILED, HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, AUTH_FAILED, TIMEOUT, DISCONNECTED, CONFIG }

    private final Kind kind;

    public RemoteAccessException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RemoteAccessException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
