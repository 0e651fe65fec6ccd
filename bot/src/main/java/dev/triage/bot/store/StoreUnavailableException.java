package dev.triage.bot.store;

/**
 * The database could not be reached (down, restarting, failing over, out of connections): the work was not
 * done and may be tried again once the store answers. The message names the store by URL, never a password.
 */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
