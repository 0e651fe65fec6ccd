package dev.triage.checks.cloud;

import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.util.Optional;

/** Finds a target's {@code cloud:} block; the cloud checks and actions are built around one. */
@FunctionalInterface
public interface CloudLookup {

    Optional<CloudSettings> settings(Target target);

    /** A lookup that always answers {@code settings}: for tests and single-target tools. */
    static CloudLookup always(CloudSettings settings) {
        return t -> Optional.of(settings);
    }
}
