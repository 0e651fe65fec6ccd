package dev.triage.bot.store;

/**
 * A write only the leader may make was refused: this process no longer holds the lease it was made under
 * (it expired, or another replica took over with a newer epoch). Never retried: the new leader does the work.
 */
public final class FencedException extends StoreException {
    public FencedException(String message) {
        super(message, null);
    }
}
