package dev.triage.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How several replicas on one PostgreSQL act as one bot ({@code ha:} in the config). One replica leads the
 * background work by a lease in the database, judged by the database's clock: it holds it for
 * {@code leaseTtl} from each renewal and renews every {@code renewEvery}.
 *
 * @param leaseTtl    how long a lease lasts without renewal; a dead leader is replaced within about this long
 * @param renewEvery  how often the leader renews (and every replica says it is alive); at most a third of the TTL
 *                    so that one slow round trip doesn't cost the lease
 * @param replicaName this replica's name in logs and {@code /backend probes} (default: the host name); a
 *                    random suffix per process keeps two processes of the same name apart
 */
public record HaSettings(Duration leaseTtl, Duration renewEvery, String replicaName) {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RENEW = Duration.ofSeconds(3);
    /** Below this the lease would expire under an ordinary garbage-collection pause or a slow query. */
    public static final Duration MIN_TTL = Duration.ofSeconds(2);

    public HaSettings {
        leaseTtl = leaseTtl == null ? DEFAULT_TTL : leaseTtl;
        renewEvery = renewEvery == null ? DEFAULT_RENEW : renewEvery;
        if (leaseTtl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("ha.lease_ttl must be at least " + MIN_TTL.toSeconds() + " s (got "
                    + leaseTtl.toMillis() + " ms)");
        }
        if (renewEvery.isNegative() || renewEvery.isZero() || renewEvery.multipliedBy(3).compareTo(leaseTtl) > 0) {
            throw new IllegalArgumentException("ha.renew_every must be positive and at most a third of ha.lease_ttl ("
                    + leaseTtl.toMillis() + " ms), so one late renewal doesn't lose the lease (got " + renewEvery.toMillis() + " ms)");
        }
        replicaName = replicaName == null || replicaName.isBlank() ? null : replicaName.strip();
    }

    public static HaSettings defaults() {
        return new HaSettings(null, null, null);
    }

    public HaSettings withReplicaName(String name) {
        return new HaSettings(leaseTtl, renewEvery, Objects.requireNonNull(name, "name"));
    }
}
