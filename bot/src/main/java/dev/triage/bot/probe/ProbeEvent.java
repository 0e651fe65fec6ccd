package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the prober tells its {@link ProbeListener}: a target's state changed, a target is still down,
 * or the prober itself is starved. Only these (and periodic {@link ProbeStats}) leave the prober, so
 * only these are persisted; a probe that changes nothing produces no event.
 */
public sealed interface ProbeEvent {

    Instant at();

    /** Whether the caller should tell people (page, post, remind); false while a silence holds it back. */
    boolean pages();

    /** An event about one target. */
    sealed interface TargetEvent extends ProbeEvent {
        String target();
    }

    /**
     * The target is DOWN: {@code failures} consecutive probes failed, the first at {@code since}.
     *
     * @param silenced     a silence held this alert back: record the state, page no one. If the target is
     *                     still down when the silence ends, a second {@code WentDown} with {@code afterSilence} pages.
     * @param afterSilence this is that second one: the outage began under a silence that has now ended
     */
    record WentDown(String target, Instant at, Instant since, ProbeResult firstFailure, int failures,
                    boolean silenced, boolean afterSilence) implements TargetEvent {
        public WentDown {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(firstFailure, "firstFailure");
        }

        @Override
        public boolean pages() {
            return !silenced;
        }
    }

    /**
     * Still DOWN, {@code number}-th reminder of this outage: at most one per the target's reminder interval,
     * never while silenced.
     */
    record Reminder(String target, Instant at, Instant since, int failures, ProbeResult lastFailure, int number)
            implements TargetEvent {
        public Reminder {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(lastFailure, "lastFailure");
        }

        public Duration downFor() {
            return Duration.between(since, at);
        }

        @Override
        public boolean pages() {
            return true;
        }
    }

    /**
     * The target is UP again after {@code successes} consecutive good probes.
     *
     * @param downSince the first failed probe of the outage
     * @param upSince   the first good probe of the recovery; the outage is {@code downSince → upSince},
     *                  so the hysteresis delay doesn't lengthen it
     * @param silenced  no one was paged for this outage, or a silence is on: record it, post nothing
     */
    record WentUp(String target, Instant at, Instant downSince, Instant upSince, int successes, boolean silenced)
            implements TargetEvent {
        public WentUp {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(downSince, "downSince");
            Objects.requireNonNull(upSince, "upSince");
        }

        public Duration outage() {
            return Duration.between(downSince, upSince);
        }

        @Override
        public boolean pages() {
            return !silenced;
        }
    }

    /**
     * The prober cannot keep up: probes start too late or are skipped because the previous probe of the
     * same target still runs. Its targets' failures in the meantime don't count towards DOWN, so this
     * pages about the bot instead of about healthy backends.
     */
    record ProberStarved(Instant at, String reason, SchedulingLag lag, long skippedProbes) implements ProbeEvent {
        public ProberStarved {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(lag, "lag");
        }

        @Override
        public boolean pages() {
            return true;
        }
    }

    /** The prober keeps up again: a whole stats period passed without a late or skipped probe. */
    record ProberRecovered(Instant at, Instant starvedSince, SchedulingLag lag) implements ProbeEvent {
        public ProberRecovered {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(starvedSince, "starvedSince");
            Objects.requireNonNull(lag, "lag");
        }

        public Duration starvedFor() {
            return Duration.between(starvedSince, at);
        }

        @Override
        public boolean pages() {
            return true;
        }
    }
}
