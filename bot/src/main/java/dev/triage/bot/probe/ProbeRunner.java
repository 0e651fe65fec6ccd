package dev.triage.bot.probe;

import dev.triage.config.Target;
import java.util.List;

/**
 * Runs one probe: the given checks against the target, folded into one {@link ProbeResult}. Must honour
 * the target's timeout and never throw for an unhealthy target (the prober turns a crash into a failed
 * result all the same). A probe that runs past the target's deadline ({@code CheckRunner.deadlineFor}) is given up by the
 * prober as a failure while its thread is left to end; what it returns then is dropped. {@link CheckProbeRunner} is
 * the real one; tests pass a lambda.
 */
@FunctionalInterface
public interface ProbeRunner {
    ProbeResult probe(Target target, List<String> checkIds);
}
