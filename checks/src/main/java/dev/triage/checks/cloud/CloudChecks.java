package dev.triage.checks.cloud;

import dev.triage.checks.Check;
import dev.triage.checks.action.Action;
import dev.triage.time.Sleeper;
import dev.triage.checks.cloud.aws.AwsClients;
import dev.triage.checks.cloud.aws.CloudLogsCheck;
import dev.triage.checks.cloud.aws.EcsGracePeriodAction;
import dev.triage.checks.cloud.aws.EcsRedeployAction;
import dev.triage.checks.cloud.aws.EcsServiceCheck;
import dev.triage.checks.cloud.aws.EcsStartupCheck;
import dev.triage.checks.cloud.aws.SecurityGroupAllowAction;
import dev.triage.checks.cloud.aws.SecurityGroupCheck;
import dev.triage.checks.cloud.render.RenderApi;
import dev.triage.checks.cloud.render.RenderDeployAction;
import dev.triage.checks.cloud.render.RenderLogsCheck;
import dev.triage.checks.cloud.render.RenderServiceCheck;
import dev.triage.checks.cloud.vercel.VercelApi;
import dev.triage.checks.cloud.vercel.VercelBackendUrlAction;
import dev.triage.checks.cloud.vercel.VercelEnvCheck;
import dev.triage.config.SecretSink;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** The cloud checks and actions, built in one place around one {@link CloudLookup}. */
public final class CloudChecks {
    /** How long a deploy may take to settle, and how often it is asked about. */
    public static final Duration SETTLE_WITHIN = Duration.ofMinutes(10);
    public static final Duration SETTLE_EVERY = Duration.ofSeconds(10);
    /** How long health from outside may take to come back after a deploy settled. */
    public static final Duration HEALTH_WITHIN = Duration.ofMinutes(2);
    public static final Duration HEALTH_EVERY = Duration.ofSeconds(5);

    /** How long {@code security-group-allow} tries {@code tcp-connect} after adding the rule, and how often. */
    public static final Duration CONNECT_WITHIN = Duration.ofMinutes(1);
    public static final Duration CONNECT_EVERY = Duration.ofSeconds(5);

    private final AwsClients aws;
    private final RestApi rest;
    private final CloudLookup lookup;
    private final InstantSource clock;
    private final SecretSink secrets;

    public CloudChecks(AwsClients aws, RestApi rest, CloudLookup lookup) {
        this(aws, rest, lookup, InstantSource.system(), SecretSink.NONE);
    }

    /** @param clock what the checks judge "now" by (a log silent since when), and stamp their results with */
    public CloudChecks(AwsClients aws, RestApi rest, CloudLookup lookup, InstantSource clock) {
        this(aws, rest, lookup, clock, SecretSink.NONE);
    }

    /** @param secrets told the secret values the checks come across (a Render service's env vars), for the redaction filter */
    public CloudChecks(AwsClients aws, RestApi rest, CloudLookup lookup, InstantSource clock, SecretSink secrets) {
        this.aws = aws;
        this.rest = rest;
        this.lookup = lookup;
        this.clock = clock;
        this.secrets = secrets;
    }

    /** The checks with no settings for any target: each answers SKIPPED naming what to configure. */
    public static List<Check> unconfigured() {
        return new CloudChecks(new AwsClients(), new RestApi(), t -> java.util.Optional.empty(), InstantSource.system()).checks();
    }

    public List<Check> checks() {
        RenderApi render = new RenderApi(rest);
        return List.of(new SecurityGroupCheck(aws, lookup), new EcsServiceCheck(aws, lookup), new EcsStartupCheck(aws, lookup, clock),
                new CloudLogsCheck(aws, lookup, clock), new RenderServiceCheck(render, lookup, secrets),
                new RenderLogsCheck(render, lookup), new VercelEnvCheck(new VercelApi(rest), lookup));
    }

    /** @param health the {@code http-health} check, the last verification of every action */
    public List<Action> actions(Check health, InstantSource clock, Sleeper pacer) {
        Waiting settle = new Waiting(clock, pacer, SETTLE_WITHIN, SETTLE_EVERY);
        HealthVerification verify = new HealthVerification(health, new Waiting(clock, pacer, HEALTH_WITHIN, HEALTH_EVERY));
        RenderApi render = new RenderApi(rest);
        return List.of(new EcsRedeployAction(aws, lookup, settle, verify),
                new EcsGracePeriodAction(aws, lookup, settle, verify),
                new SecurityGroupAllowAction(aws, lookup, new Waiting(clock, pacer, CONNECT_WITHIN, CONNECT_EVERY)),
                RenderDeployAction.deploy(render, lookup, settle, verify),
                RenderDeployAction.restart(render, lookup, settle, verify),
                new VercelBackendUrlAction(new VercelApi(rest), lookup, settle));
    }
}
