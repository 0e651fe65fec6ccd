package dev.triage.bot.ha;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store answers, as the lease's rounds see it every few seconds: for {@code /readyz}, and for the
 * one plain alert that the store is unreachable (and the one when it is back). Only the replica that led when
 * the store went away alerts, so several replicas that all lose it say so once.
 */
public final class StoreHealth {
    private static final Logger log = LoggerFactory.getLogger(StoreHealth.class);

    /** Told when an outage is worth a message: it lasted {@code alertAfter}, and when it ended. */
    public interface Alerts {
        void unreachable(Instant since, String why);

        void back(Instant since, Duration lasted);
    }

    private final InstantSource clock;
    private final Duration alertAfter;
    private volatile Alerts alerts;
    private Instant unreachableSince;
    private String why;
    private boolean ledWhenLost;
    private boolean alerted;

    public StoreHealth(InstantSource clock, Duration alertAfter) {
        this.clock = clock;
        this.alertAfter = alertAfter;
    }

    public void alertThrough(Alerts alerts) {
        this.alerts = alerts;
    }

    /** A round reached the store. */
    public void answered() {
        Instant since;
        boolean tell;
        synchronized (this) {
            if (unreachableSince == null) {
                return;
            }
            since = unreachableSince;
            tell = alerted;
            unreachableSince = null;
            why = null;
            alerted = false;
            ledWhenLost = false;
        }
        Duration lasted = Duration.between(since, clock.instant());
        log.info("the store answers again after {} s", lasted.toSeconds());
        Alerts a = alerts;
        if (tell && a != null) {
            a.back(since, lasted);
        }
    }

    /** A round could not reach the store; {@code leading}: this replica held the lease until now. */
    public void failed(RuntimeException e, boolean leading) {
        Instant now = clock.instant();
        Instant since;
        boolean tell = false;
        synchronized (this) {
            if (unreachableSince == null) {
                unreachableSince = now;
                ledWhenLost = leading;
                log.warn("the store can't be reached: {}", e.getMessage());
            }
            why = e.getMessage();
            since = unreachableSince;
            if (ledWhenLost && !alerted && Duration.between(since, now).compareTo(alertAfter) >= 0) {
                alerted = true;
                tell = true;
            }
        }
        Alerts a = alerts;
        if (tell && a != null) {
            a.unreachable(since, why);
        }
    }

    /** Since when the store has not answered; empty while it does. */
    public synchronized Optional<Instant> unreachableSince() {
        return Optional.ofNullable(unreachableSince);
    }

    public synchronized Optional<String> lastError() {
        return Optional.ofNullable(why);
    }
}
