package dev.triage.bot.probe;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of everything the prober knows, computed in memory: per target, and the prober's own
 * health (scheduling lag, skipped and late probes, probes in flight). Handed to
 * {@link ProbeListener#onStats} each stats period, and answered on demand by {@link Prober#stats()}.
 *
 * @param lateProbes probes that started later than the starvation threshold
 * @param waiting    probes due and waiting for one of the {@code maxInFlight} permits
 * @param starved    whether the prober currently counts as starved
 */
public record ProbeStats(
        Instant at,
        List<TargetProbeStats> targets,
        SchedulingLag lag,
        long probes,
        long skipped,
        long lateProbes,
        int inFlight,
        int waiting,
        int maxInFlight,
        boolean starved) {

    public ProbeStats {
        targets = List.copyOf(targets);
    }

    public Optional<TargetProbeStats> target(String name) {
        return targets.stream().filter(t -> t.target().equals(name)).findFirst();
    }
}
