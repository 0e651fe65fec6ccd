package dev.triage.checks.cloud;

import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded configuration's {@code cloud:} blocks by target name. Built once by the composition root
 * and handed the blocks whenever a configuration is (re)loaded.
 */
public final class CloudDirectory implements CloudLookup {
    private volatile Map<String, CloudSettings> byTarget = Map.of();

    /** Replaces the blocks with a configuration's ({@code TriageConfig#cloud()}). */
    public void use(Map<String, CloudSettings> blocks) {
        byTarget = Map.copyOf(blocks);
    }

    @Override
    public Optional<CloudSettings> settings(Target target) {
        return Optional.ofNullable(byTarget.get(target.name()));
    }
}
