package dev.triage.checks.cloud.render;

import dev.triage.checks.Status;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.HealthVerification;
import dev.triage.checks.cloud.Waiting;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code render-deploy} (002 step 3, "Manual Deploy → Deploy latest commit") and {@code render-restart}
 * (002 step 3's stronger restart: Suspend, wait 30 s — {@code cloud.render.suspend_for} — then Resume): through
 * Render's API, then verified — the deploy goes live, or the service is running again — and the health from
 * outside answers 2xx. The wait goes through the injected {@link Waiting#pacer()}, so tests move a clock.
 */
public final class RenderDeployAction implements Action {
    public static final String DEPLOY = "render-deploy";
    public static final String RESTART = "render-restart";

    private final String id;
    private final RenderApi api;
    private final CloudLookup lookup;
    private final Waiting waiting;
    private final HealthVerification health;

    private RenderDeployAction(String id, RenderApi api, CloudLookup lookup, Waiting waiting, HealthVerification health) {
        this.id = id;
        this.api = api;
        this.lookup = lookup;
        this.waiting = waiting;
        this.health = health;
    }

    /** @param waiting how long the deploy may take to go live */
    public static RenderDeployAction deploy(RenderApi api, CloudLookup lookup, Waiting waiting, HealthVerification health) {
        return new RenderDeployAction(DEPLOY, api, lookup, waiting, health);
    }

    public static RenderDeployAction restart(RenderApi api, CloudLookup lookup, Waiting waiting, HealthVerification health) {
        return new RenderDeployAction(RESTART, api, lookup, waiting, health);
    }

    @Override
    public String id() {
        return id;
    }

    private Optional<CloudSettings.Render> settings(Target target) {
        return lookup.settings(target).flatMap(CloudSettings::renderSettings);
    }

    @Override
    public ActionPlan plan(Target target) {
        Optional<CloudSettings.Render> r = settings(target);
        if (r.isEmpty()) {
            return ActionPlan.unavailable(id, target.name(), "no Render service configured: set cloud.render.service_id and api_key");
        }
        String service = r.get().serviceId();
        String command = id.equals(DEPLOY) ? "Render API: POST /services/" + service + "/deploys (deploy latest commit)"
                : "Render API: POST /services/" + service + "/suspend, wait " + seconds(r.get().suspendFor()) + ", then POST /services/"
                + service + "/resume";
        String settle = id.equals(DEPLOY) ? "the new deploy is live within " : "the service is running again within ";
        return new ActionPlan(id, target.name(), "render:" + service, command, List.of(),
                List.of(settle + waiting.within().toSeconds() + " s", health.describe(target)), null);
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        ActionPlan plan = plan(target);
        if (!plan.available()) {
            return new ActionOutcome(id, target.name(), ActionOutcome.Result.UNAVAILABLE, plan.unavailableReason(), List.of(), null, null);
        }
        CloudSettings.Render r = settings(target).orElseThrow();
        Instant start = waiting.clock().instant();
        List<ActionStep> steps = new ArrayList<>();
        Consumer<ActionStep> record = s -> {
            steps.add(s);
            progress.accept(s);
        };
        try {
            String deployId;
            try {
                if (id.equals(DEPLOY)) {
                    RenderApi.Deploy d = api.triggerDeploy(r, target.timeout());
                    deployId = d.id();
                    record.accept(new ActionStep(ActionStep.Phase.COMMAND, "deploy", Status.OK, "deploy " + d.id() + " " + d.status(),
                            waiting.since(start)));
                } else {
                    ActionOutcome stopped = suspendWaitResume(r, target, record, start, steps);
                    if (stopped != null) {
                        return stopped;
                    }
                    deployId = null;
                }
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.COMMAND, id, Status.ERROR, e.getMessage(), waiting.since(start)));
                return new ActionOutcome(id, target.name(), ActionOutcome.Result.COMMAND_FAILED, e.getMessage(), steps,
                        waiting.since(start), null);
            }
            Instant settleStart = waiting.clock().instant();
            String[] last = {""};
            Waiting.Answer settled;
            try {
                settled = waiting.until(() -> {
                    if (deployId != null) {
                        RenderApi.Deploy d = api.deploy(r, deployId, target.timeout());
                        last[0] = "deploy " + deployId + " " + d.status();
                        return d.live() ? Waiting.Answer.DONE : d.failed() ? Waiting.Answer.HOPELESS : Waiting.Answer.NOT_YET;
                    }
                    RenderApi.Service s = api.service(r, target.timeout());
                    last[0] = "service " + s.name() + (s.suspended() ? " still suspended" : " running");
                    return s.suspended() ? Waiting.Answer.NOT_YET : Waiting.Answer.DONE;
                });
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.VERIFY, "render", Status.ERROR, e.getMessage(), waiting.since(settleStart)));
                return new ActionOutcome(id, target.name(), ActionOutcome.Result.VERIFY_FAILED, e.getMessage(), steps, waiting.since(start), null);
            }
            boolean ok = settled == Waiting.Answer.DONE;
            record.accept(new ActionStep(ActionStep.Phase.VERIFY, deployId != null ? "deploy live" : "service running",
                    ok ? Status.OK : Status.FAIL, last[0] + (settled == Waiting.Answer.NOT_YET ? " after " + waiting.within().toSeconds() + " s" : ""),
                    waiting.since(settleStart)));
            if (!ok) {
                return new ActionOutcome(id, target.name(), ActionOutcome.Result.VERIFY_FAILED,
                        last[0] + ": read the deploy's log in the Render dashboard", steps, waiting.since(start), null);
            }
            ActionStep h = health.verify(target);
            if (h != null) {
                record.accept(h);
                if (h.status() != Status.OK) {
                    return new ActionOutcome(id, target.name(), ActionOutcome.Result.VERIFY_FAILED,
                            last[0] + ", but health from outside fails: " + h.detail(), steps, waiting.since(start), null);
                }
            }
            return new ActionOutcome(id, target.name(), ActionOutcome.Result.DONE,
                    last[0] + (h == null ? "" : ", health answers"), steps, waiting.since(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionOutcome(id, target.name(), ActionOutcome.Result.ERROR, "interrupted while waiting for Render", steps,
                    waiting.since(start), null);
        }
    }

    /**
     * Suspend, the configured wait, then Resume. Null when all three went through; else the outcome to end with. Once
     * suspended the service is always resumed — even when the wait is interrupted — and a resume that fails says the
     * service is left suspended and what to do.
     */
    private ActionOutcome suspendWaitResume(CloudSettings.Render r, Target target, Consumer<ActionStep> record, Instant start,
                                            List<ActionStep> steps) throws CloudApiException, InterruptedException {
        api.suspend(r, target.timeout());
        record.accept(new ActionStep(ActionStep.Phase.COMMAND, "suspend", Status.OK, "suspended", waiting.since(start)));
        Instant waitStart = waiting.clock().instant();
        InterruptedException interrupted = null;
        try {
            waiting.pacer().sleep(r.suspendFor());
        } catch (InterruptedException e) {
            interrupted = e;
        }
        record.accept(new ActionStep(ActionStep.Phase.COMMAND, "wait", interrupted == null ? Status.OK : Status.ERROR,
                interrupted == null ? "waited " + seconds(r.suspendFor()) + " while suspended" : "interrupted while suspended",
                waiting.since(waitStart)));
        Instant resumeStart = waiting.clock().instant();
        try {
            api.resume(r, target.timeout());
        } catch (CloudApiException e) {
            String why = e.getMessage() + " — the service stays suspended: resume it in the Render dashboard, or ask for "
                    + RESTART + " again";
            record.accept(new ActionStep(ActionStep.Phase.COMMAND, "resume", Status.ERROR, why, waiting.since(resumeStart)));
            return new ActionOutcome(id, target.name(), ActionOutcome.Result.COMMAND_FAILED, why, steps, waiting.since(start), null);
        }
        record.accept(new ActionStep(ActionStep.Phase.COMMAND, "resume", Status.OK, "resumed", waiting.since(resumeStart)));
        if (interrupted != null) {
            Thread.currentThread().interrupt();
            return new ActionOutcome(id, target.name(), ActionOutcome.Result.INTERRUPTED,
                    "interrupted during the wait; the service was resumed at once: diagnose it again", steps, waiting.since(start), null);
        }
        return null;
    }

    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
