package dev.triage.checks.action;

import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.Target;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one engine behind every SSH action: gates, then the command over the {@link RemoteShell}, then the
 * verifications, each step reported as it finishes. A target without SSH settings can never run one. What differs between actions is data, an
 * {@link ActionDefinition}.
 */
public final class GatedAction implements Action {
    private static final Logger log = LoggerFactory.getLogger(GatedAction.class);

    private final ActionDefinition definition;
    private final RemoteShell shell;
    private final CommandTemplates templates;
    private final InstantSource clock;

    public GatedAction(ActionDefinition definition, RemoteShell shell, CommandTemplates templates, InstantSource clock) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.shell = Objects.requireNonNull(shell, "shell");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return definition.id();
    }

    @Override
    public ActionPlan plan(Target target) {
        Objects.requireNonNull(target, "target");
        Optional<String> noSsh = Requirements.ssh().unmet(target);
        if (noSsh.isPresent()) {
            return ActionPlan.unavailable(id(), target.name(), noSsh.get() + " — then " + id() + " can run");
        }
        List<String> unmet = definition.requirements().stream()
                .map(r -> r.unmet(target)).flatMap(Optional::stream).toList();
        if (!unmet.isEmpty()) {
            return ActionPlan.unavailable(id(), target.name(), String.join("; ", unmet) + " — then " + id()
                    + " can run");
        }
        String command;
        try {
            command = commandLine(target);
        } catch (IllegalArgumentException e) {
            return ActionPlan.unavailable(id(), target.name(), e.getMessage());
        }
        return new ActionPlan(id(), target.name(), target.ssh().host(), command,
                definition.gates().stream().map(g -> g.describe(target)).toList(),
                applicable(target).stream().map(v -> v.describe(target)).toList(), null);
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        Objects.requireNonNull(progress, "progress");
        var run = new Run(target, progress, clock.instant());
        ActionPlan plan = plan(target);
        if (!plan.available()) {
            return run.end(ActionOutcome.Result.UNAVAILABLE, "Cannot run " + id() + " on " + target.name() + ": "
                    + plan.unavailableReason());
        }
        for (Gate gate : definition.gates()) {
            ActionStep step = run.report(safely(gate, target));
            if (!passed(step)) {
                return run.end(ActionOutcome.Result.GATE_FAILED, "Gate failed: " + step.name() + " — " + step.detail()
                        + "; nothing was changed");
            }
        }
        var context = new VerifyContext(clock);
        List<Verification> verifications = applicable(target);
        verifications.forEach(v -> v.beforeCommand(target, context));

        String host = target.name() + " (" + target.ssh().host() + ")";
        Instant commandStart = clock.instant();
        CommandResult result;
        try {
            result = shell.run(target, plan.command(), definition.deadline());
        } catch (RemoteAccessException e) {
            Duration took = Duration.between(commandStart, clock.instant());
            if (definition.dropsConnection() && e.kind() == RemoteAccessException.Kind.DISCONNECTED) {
                run.digest = digest("", "");
                run.report(new ActionStep(ActionStep.Phase.COMMAND, plan.command(), Status.OK,
                        "sent; " + host + " closed the connection, as a reboot does", took));
                return verify(run, target, verifications, context);
            }
            run.report(new ActionStep(ActionStep.Phase.COMMAND, plan.command(), Status.ERROR, e.getMessage(), took));
            return run.end(ActionOutcome.Result.ERROR, "Could not run " + id() + " on " + target.name() + ": "
                    + e.getMessage());
        }
        run.digest = digest(result.stdout(), result.stderr());
        CommandVerdict verdict = CommandVerdict.of(result, host, target.ssh().user(), definition.deadline(),
                definition.dropsConnection());
        Duration took = Duration.between(commandStart, clock.instant());
        run.report(new ActionStep(ActionStep.Phase.COMMAND, plan.command(), verdict.status(), verdict.detail(), took));
        if (!verdict.ok()) {
            return run.end(ActionOutcome.Result.COMMAND_FAILED, "Failed at command: " + verdict.detail());
        }
        return verify(run, target, verifications, context);
    }

    private ActionOutcome verify(Run run, Target target, List<Verification> verifications, VerifyContext context) {
        context.commandFinished(clock.instant());
        var verified = new ArrayList<String>();
        var skipped = new ArrayList<String>();
        for (Verification verification : verifications) {
            Verified outcome;
            try {
                outcome = verification.verify(target, context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return run.end(ActionOutcome.Result.ERROR, "Interrupted while verifying " + id() + " on "
                        + target.name() + "; the command had run");
            } catch (RuntimeException e) {
                log.error("verification of {} on {} crashed", id(), target.name(), e);
                outcome = new Verified(new ActionStep(ActionStep.Phase.VERIFY, verification.describe(target),
                        Status.ERROR, "could not run: " + e.getClass().getSimpleName(), Duration.ZERO), "");
            }
            ActionStep step = run.report(outcome.step());
            if (step.status() == Status.SKIPPED) {
                skipped.add(step.name());
            } else if (passed(step)) {
                verified.add(outcome.brief());
            } else {
                return run.end(ActionOutcome.Result.VERIFY_FAILED, "Failed at verify: " + step.name() + " — "
                        + step.detail(), outcome.followUp());
            }
        }
        String took = Timing.seconds(Duration.between(run.start, clock.instant()));
        String summary = "Done in " + took + (verified.isEmpty() ? " · nothing to verify"
                : " · verified: " + String.join(", ", verified))
                + (skipped.isEmpty() ? "" : " · skipped: " + String.join(", ", skipped));
        return run.end(ActionOutcome.Result.DONE, summary);
    }

    private List<Verification> applicable(Target target) {
        return definition.verifications().stream().filter(v -> v.appliesTo(target)).toList();
    }

    private String commandLine(Target target) {
        return definition.templates().stream().map(name -> templates.fill(name, target))
                .collect(Collectors.joining(" && "));
    }

    private ActionStep safely(Gate gate, Target target) {
        try {
            return gate.check(target);
        } catch (RuntimeException e) {
            log.error("gate {} of {} on {} crashed", gate.name(target), id(), target.name(), e);
            return new ActionStep(ActionStep.Phase.GATE, gate.name(target), Status.ERROR,
                    "could not run: " + e.getClass().getSimpleName(), Duration.ZERO);
        }
    }

    private static boolean passed(ActionStep step) {
        return step.status() == Status.OK || step.status() == Status.WARN;
    }

    /** SHA-256 of what the command printed, stdout then stderr, in lowercase hex. */
    static String digest(String stdout, String stderr) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(stdout.getBytes(StandardCharsets.UTF_8));
            sha.update(stderr.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The steps of one run so far, and how to end it. */
    private final class Run {
        private final Target target;
        private final Consumer<ActionStep> progress;
        private final Instant start;
        private final List<ActionStep> steps = new ArrayList<>();
        private String digest;

        Run(Target target, Consumer<ActionStep> progress, Instant start) {
            this.target = target;
            this.progress = progress;
            this.start = start;
        }

        ActionStep report(ActionStep step) {
            steps.add(step);
            try {
                progress.accept(step);
            } catch (RuntimeException e) {
                log.error("progress listener of {} on {} failed at {}", id(), target.name(), step.name(), e);
            }
            return step;
        }

        ActionOutcome end(ActionOutcome.Result result, String summary) {
            return end(result, summary, null);
        }

        ActionOutcome end(ActionOutcome.Result result, String summary, String followUp) {
            return new ActionOutcome(id(), target.name(), result, summary, steps,
                    Duration.between(start, clock.instant()), digest, followUp);
        }
    }
}
