package dev.triage.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A target's {@code cloud:} block: how to reach the provider APIs that run it. Each part is null when
 * the target doesn't use that provider; the cloud checks answer SKIPPED, naming what to configure.
 */
public record CloudSettings(Aws aws, Render render, Vercel vercel) {

    public Optional<Aws> awsSettings() {
        return Optional.ofNullable(aws);
    }

    public Optional<Render> renderSettings() {
        return Optional.ofNullable(render);
    }

    public Optional<Vercel> vercelSettings() {
        return Optional.ofNullable(vercel);
    }

    /**
     * AWS, through the SDK's default credential chain unless a profile or a role is given.
     *
     * @param region           e.g. {@code ap-northeast-2}; null means the SDK's default region chain
     * @param profile          a named profile in {@code ~/.aws/credentials}; null for the default chain
     * @param roleArn          a role to assume with STS on top of those credentials; may be null
     * @param instanceId       the EC2 instance whose security groups {@code security-group} inspects
     * @param securityGroupIds the groups to inspect instead of (or without) an instance
     * @param allowedSource    the CIDR the service port must be open to, default {@code 0.0.0.0/0}
     * @param ecsCluster       cluster of {@code ecs_service}
     * @param ecsService       the ECS service {@code ecs-service}, {@code ecs-startup} and the ECS actions work on
     * @param logGroup         CloudWatch Logs group for {@code cloud-logs}
     * @param logStreamPrefix  the stream name prefix (ECS: {@code PREFIX/CONTAINER/TASK_ID}); null for any stream
     * @param endpoint         an endpoint override (a VPC endpoint, or a local fake in tests); usually null
     * @param readyMarker      the task's log line that shows it finished starting; null falls back to {@code service.ready_marker}
     * @param publicPorts      the ports the world reaches with a proxy in front ({@code service.nginx}); empty means the
     *                         base URL's port
     * @param setupMarkers     log lines (case-insensitive substrings) that start a setup step, e.g. {@code aws s3 cp};
     *                         empty means the defaults of document 004
     * @param stallAfter       no new log line for this long after a setup marker is a stall; null means {@link #DEFAULT_STALL_AFTER}
     */
    public record Aws(String region, String profile, String roleArn, String instanceId, List<String> securityGroupIds,
                      String allowedSource, String ecsCluster, String ecsService, String logGroup, String logStreamPrefix,
                      URI endpoint, String readyMarker, List<Integer> publicPorts, List<String> setupMarkers,
                      java.time.Duration stallAfter) {
        public static final String ANYWHERE = "0.0.0.0/0";
        public static final java.time.Duration DEFAULT_STALL_AFTER = java.time.Duration.ofSeconds(60);

        public Aws {
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
            allowedSource = allowedSource == null ? ANYWHERE : allowedSource;
            publicPorts = publicPorts == null ? List.of() : List.copyOf(publicPorts);
            setupMarkers = setupMarkers == null ? List.of() : List.copyOf(setupMarkers);
            stallAfter = stallAfter == null ? DEFAULT_STALL_AFTER : stallAfter;
        }

        /** The settings without the startup, port and log-stall knobs: their defaults. */
        public Aws(String region, String profile, String roleArn, String instanceId, List<String> securityGroupIds,
                   String allowedSource, String ecsCluster, String ecsService, String logGroup, String logStreamPrefix,
                   URI endpoint) {
            this(region, profile, roleArn, instanceId, securityGroupIds, allowedSource, ecsCluster, ecsService, logGroup,
                    logStreamPrefix, endpoint, null, null, null, null);
        }
    }

    /**
     * Render.com's REST API.
     *
     * @param requiredEnv names of variables the service must have (values are never read out)
     * @param baseUrl     the API's base URL, default {@code https://api.render.com/v1}
     * @param readyMarker the line the service logs once it listens (document 002: "server listening on port");
     *                    null when not configured
     * @param suspendFor  how long {@code render-restart} leaves the service suspended before resuming it
     *                    (document 002 waits 30 s)
     */
    public record Render(String serviceId, Secret apiKey, List<String> requiredEnv, URI baseUrl, String readyMarker,
                         java.time.Duration suspendFor) {
        public static final URI DEFAULT_BASE_URL = URI.create("https://api.render.com/v1");
        public static final java.time.Duration DEFAULT_SUSPEND_FOR = java.time.Duration.ofSeconds(30);
        /** The longest a restart may leave the service suspended: longer is an outage, not a restart. */
        public static final java.time.Duration MAX_SUSPEND_FOR = java.time.Duration.ofMinutes(10);

        public Render {
            requiredEnv = requiredEnv == null ? List.of() : List.copyOf(requiredEnv);
            baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
            readyMarker = readyMarker == null || readyMarker.isBlank() ? null : readyMarker;
            suspendFor = suspendFor == null ? DEFAULT_SUSPEND_FOR : suspendFor;
            if (suspendFor.isNegative() || suspendFor.compareTo(MAX_SUSPEND_FOR) > 0) {
                throw new IllegalArgumentException("suspendFor must be 0..10 min: " + suspendFor);
            }
        }

        /** Without a ready marker, suspended for the default 30 s on a restart. */
        public Render(String serviceId, Secret apiKey, List<String> requiredEnv, URI baseUrl) {
            this(serviceId, apiKey, requiredEnv, baseUrl, null, null);
        }
    }

    /**
     * Vercel's REST API, for the front end that calls this target.
     *
     * @param envVar  the variable holding the backend's URL, default {@code BACKEND_BASE_URL}
     * @param baseUrl the API's base URL, default {@code https://api.vercel.com}
     */
    public record Vercel(String projectId, Secret token, String teamId, String envVar, URI baseUrl) {
        public static final URI DEFAULT_BASE_URL = URI.create("https://api.vercel.com");
        public static final String DEFAULT_ENV_VAR = "BACKEND_BASE_URL";

        public Vercel {
            envVar = envVar == null ? DEFAULT_ENV_VAR : envVar;
            baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
        }
    }
}
