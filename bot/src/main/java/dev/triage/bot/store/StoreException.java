package dev.triage.bot.store;

/** The database could not do what was asked. The message names the store by URL, never a password. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
