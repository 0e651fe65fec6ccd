package dev.triage.bot.demo;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.net.TcpConnectCheck;
import dev.triage.config.Target;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's {@code restart-service}: stops and starts the demo backend in-process (mending whatever
 * {@code /demo} broke), then verifies like the real one — the port accepts connections, then /health.
 */
public final class DemoRestartAction implements Action {
    private final DemoBackend backend;
    private final HttpHealthCheck health;
    private final TcpConnectCheck tcp = new TcpConnectCheck();

    public DemoRestartAction(DemoBackend backend, HttpHealthCheck health) {
        this.backend = backend;
        this.health = health;
    }

    @Override
    public String id() {
        return "restart-service";
    }

    @Override
    public ActionPlan plan(Target target) {
        return new ActionPlan(id(), target.name(), "127.0.0.1", "restart the demo backend (in-process: stop, start on port "
                + backend.port() + ")", List.of(), List.of("port " + backend.port() + " accepts connections",
                "/health answers 200"), null);
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        long start = System.nanoTime();
        List<ActionStep> steps = new ArrayList<>();
        String output;
        try {
            backend.restart();
            output = "restarted on port " + backend.port();
            step(steps, progress, new ActionStep(ActionStep.Phase.COMMAND, "restart demo backend", Status.OK, output, since(start)));
        } catch (IOException e) {
            output = "could not start again: " + e.getMessage();
            step(steps, progress, new ActionStep(ActionStep.Phase.COMMAND, "restart demo backend", Status.FAIL, output, since(start)));
            return new ActionOutcome(id(), target.name(), ActionOutcome.Result.COMMAND_FAILED, output, steps, since(start), digest(output));
        }
        for (CheckResult r : List.of(tcp.run(target), health.run(target))) {
            step(steps, progress, new ActionStep(ActionStep.Phase.VERIFY, r.checkId(), r.status(), r.summary(), r.duration()));
            if (r.status() != Status.OK) {
                return new ActionOutcome(id(), target.name(), ActionOutcome.Result.VERIFY_FAILED, "failed at verify: " + r.summary(),
                        steps, since(start), digest(output));
            }
        }
        return new ActionOutcome(id(), target.name(), ActionOutcome.Result.DONE, "Done in " + since(start).toMillis()
                + " ms · verified: port " + backend.port() + " accepts connections, health 200", steps, since(start), digest(output));
    }

    private static void step(List<ActionStep> steps, Consumer<ActionStep> progress, ActionStep step) {
        steps.add(step);
        progress.accept(step);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String digest(String output) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(output.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
