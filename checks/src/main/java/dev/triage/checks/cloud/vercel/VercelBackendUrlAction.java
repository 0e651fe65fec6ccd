package dev.triage.checks.cloud.vercel;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.action.Action;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import dev.triage.checks.action.ActionStep;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudLookup;
import dev.triage.checks.cloud.Waiting;
import dev.triage.config.CloudSettings;
import dev.triage.config.Target;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code vercel-set-backend-url} (document 000 step 5, cause 4: "set BACKEND_BASE_URL in every environment, then
 * redeploy"): through Vercel's API, sets the front end's backend-URL variable to the target's {@code base_url} in
 * Production, Preview and Development — editing the entries that exist, creating it where it is missing — then
 * creates a production deployment from the latest one so the value takes effect. Verified by that deployment going
 * READY within the wait, then {@code vercel-env} passing. The value is shown only when it holds no credentials.
 */
public final class VercelBackendUrlAction implements Action {
    public static final String ID = "vercel-set-backend-url";

    private final VercelApi api;
    private final CloudLookup lookup;
    private final Waiting waiting;
    private final VercelEnvCheck check;

    /** @param waiting how long the new deployment may take to be READY, and how often it is asked about */
    public VercelBackendUrlAction(VercelApi api, CloudLookup lookup, Waiting waiting) {
        this.api = api;
        this.lookup = lookup;
        this.waiting = waiting;
        this.check = new VercelEnvCheck(api, lookup);
    }

    @Override
    public String id() {
        return ID;
    }

    private Optional<CloudSettings.Vercel> settings(Target target) {
        return lookup.settings(target).flatMap(CloudSettings::vercelSettings);
    }

    /** The target's base_url as the variable's value: without a trailing slash. */
    static String value(URI baseUrl) {
        String v = baseUrl.toString();
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    private static String shown(String value) {
        UrlValue u = UrlValue.parse(value);
        return u == null ? "the target's base_url" : u.display();
    }

    @Override
    public ActionPlan plan(Target target) {
        Optional<CloudSettings.Vercel> v = settings(target);
        if (v.isEmpty()) {
            return ActionPlan.unavailable(ID, target.name(), "no Vercel project configured: set cloud.vercel.project_id and token");
        }
        if (target.baseUrl() == null) {
            return ActionPlan.unavailable(ID, target.name(), "the target has no base_url to set " + v.get().envVar() + " to: set targets[].base_url");
        }
        String project = v.get().projectId();
        String command = "Vercel API: set " + v.get().envVar() + " of project " + project + " to " + shown(value(target.baseUrl()))
                + " for Production, Preview and Development (PATCH /v9/projects/" + project + "/env/ID, or POST /v10/projects/"
                + project + "/env where missing), then redeploy the latest production deployment (POST /v13/deployments)";
        return new ActionPlan(ID, target.name(), "vercel:" + project, command, List.of(),
                List.of("the new deployment is READY within " + waiting.within().toSeconds() + " s",
                        VercelEnvCheck.ID + " passes: " + v.get().envVar() + " points at the backend"), null);
    }

    @Override
    public ActionOutcome run(Target target, Consumer<ActionStep> progress) {
        ActionPlan plan = plan(target);
        if (!plan.available()) {
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.UNAVAILABLE, plan.unavailableReason(), List.of(), null, null);
        }
        CloudSettings.Vercel v = settings(target).orElseThrow();
        String key = v.envVar();
        String value = value(target.baseUrl());
        Instant start = waiting.clock().instant();
        List<ActionStep> steps = new ArrayList<>();
        Consumer<ActionStep> record = s -> {
            steps.add(s);
            progress.accept(s);
        };
        VercelApi.Deployment created;
        try {
            Set<String> covered = new LinkedHashSet<>();
            int edited = 0;
            for (VercelApi.EnvVar e : api.entries(v, key, target.timeout())) {
                if (e.id() == null || e.targets().isEmpty()) {
                    continue;
                }
                api.setValue(v, e, value, target.timeout());
                covered.addAll(e.targets());
                edited++;
            }
            List<String> missing = VercelEnvCheck.ENVIRONMENTS.stream().filter(x -> !covered.contains(x)).toList();
            if (!missing.isEmpty()) {
                api.create(v, key, value, missing, target.timeout());
            }
            record.accept(new ActionStep(ActionStep.Phase.COMMAND, "set " + key, Status.OK, key + " = " + shown(value) + ": "
                    + (edited == 0 ? "" : edited + " entr" + (edited == 1 ? "y" : "ies") + " updated")
                    + (edited > 0 && !missing.isEmpty() ? ", " : "") + (missing.isEmpty() ? "" : "created for " + String.join(", ", missing)),
                    waiting.since(start)));
        } catch (CloudApiException e) {
            record.accept(new ActionStep(ActionStep.Phase.COMMAND, "set " + key, Status.ERROR, e.getMessage(), waiting.since(start)));
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.COMMAND_FAILED, e.getMessage(), steps, waiting.since(start), null);
        }
        Instant redeployStart = waiting.clock().instant();
        try {
            VercelApi.Deployment latest = api.latestProduction(v, target.timeout());
            if (latest == null || latest.id() == null) {
                String why = key + " is set, but project " + v.projectId() + " has no production deployment to redeploy: deploy the front"
                        + " end once (push to its production branch), then diagnose again";
                record.accept(new ActionStep(ActionStep.Phase.COMMAND, "redeploy", Status.ERROR, why, waiting.since(redeployStart)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.COMMAND_FAILED, why, steps, waiting.since(start), null);
            }
            created = api.redeploy(v, latest, target.timeout());
            record.accept(new ActionStep(ActionStep.Phase.COMMAND, "redeploy", Status.OK, "deployment " + created.id() + " from "
                    + latest.id() + (created.state() == null ? "" : ", " + created.state()), waiting.since(redeployStart)));
        } catch (CloudApiException e) {
            String why = key + " is set, but the redeploy failed: " + e.getMessage() + " — redeploy the front end in Vercel (Deployments → Redeploy)";
            record.accept(new ActionStep(ActionStep.Phase.COMMAND, "redeploy", Status.ERROR, why, waiting.since(redeployStart)));
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.COMMAND_FAILED, why, steps, waiting.since(start), null);
        }
        try {
            Instant settleStart = waiting.clock().instant();
            String[] last = {"deployment " + created.id() + " " + created.state()};
            Waiting.Answer settled;
            try {
                settled = waiting.until(() -> {
                    VercelApi.Deployment d = api.deployment(v, created.id(), target.timeout());
                    last[0] = "deployment " + created.id() + " " + d.state();
                    return d.ready() ? Waiting.Answer.DONE : d.failed() ? Waiting.Answer.HOPELESS : Waiting.Answer.NOT_YET;
                });
            } catch (CloudApiException e) {
                record.accept(new ActionStep(ActionStep.Phase.VERIFY, "deployment ready", Status.ERROR, e.getMessage(), waiting.since(settleStart)));
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, e.getMessage(), steps, waiting.since(start), null);
            }
            boolean ready = settled == Waiting.Answer.DONE;
            String detail = last[0] + (settled == Waiting.Answer.NOT_YET ? " after " + waiting.within().toSeconds() + " s" : "");
            record.accept(new ActionStep(ActionStep.Phase.VERIFY, "deployment ready", ready ? Status.OK : Status.FAIL, detail,
                    waiting.since(settleStart)));
            if (!ready) {
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED,
                        detail + ": read the deployment's build log in Vercel", steps, waiting.since(start), null);
            }
            Instant checkStart = waiting.clock().instant();
            CheckResult env = check.run(target);
            boolean ok = env.status() == Status.OK;
            record.accept(new ActionStep(ActionStep.Phase.VERIFY, VercelEnvCheck.ID, ok ? Status.OK : Status.FAIL, env.summary(),
                    waiting.since(checkStart)));
            if (!ok) {
                return new ActionOutcome(ID, target.name(), ActionOutcome.Result.VERIFY_FAILED, "the deployment is ready, but " + env.summary(),
                        steps, waiting.since(start), null);
            }
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.DONE, key + " points at " + shown(value) + "; " + last[0],
                    steps, waiting.since(start), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ActionOutcome(ID, target.name(), ActionOutcome.Result.ERROR, "interrupted while waiting for Vercel", steps,
                    waiting.since(start), null);
        }
    }
}
