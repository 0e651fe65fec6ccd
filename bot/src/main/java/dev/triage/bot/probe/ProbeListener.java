package dev.triage.bot.probe;

/**
 * Receives what the prober has to say: transitions, reminders and the prober's own starvation as
 * {@link ProbeEvent}s, and every stats period one {@link ProbeStats} snapshot. Never one call per probe,
 * so an implementation may write each call to the database.
 *
 * <p>Events of one target arrive in order, from the prober's worker threads, one target at a time
 * (a target's probes, silences and unsilences are serialized while its events are delivered). An
 * exception thrown here is logged and swallowed: it never stops the prober.
 */
public interface ProbeListener {

    void onEvent(ProbeEvent event);

    /**
     * The target's streak changed (a failure or success run grew towards its threshold, or the state changed):
     * what a new leader needs to continue where this one stopped. Not called while a steady target stays steady.
     */
    default void onStreak(String target, TargetHealth.Streak streak) {
    }

    /** The aggregates of the period just ended, for {@code /backend uptime} and {@code /backend probes}. */
    default void onStats(ProbeStats stats) {
    }

    /** Every probe's result as it ends (the metrics' latency histogram); called on the probing thread, so keep it short. */
    default void onResult(ProbeResult result) {
    }
}
