package dev.triage.checks.action;

import dev.triage.config.Target;
import java.util.Optional;

/** Something an action needs in a target's configuration; {@link Requirements} has the common ones. */
@FunctionalInterface
public interface Requirement {

    /** Empty when {@code target} meets it; else what is missing and which setting to add. */
    Optional<String> unmet(Target target);
}
