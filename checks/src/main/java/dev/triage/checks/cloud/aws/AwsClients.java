package dev.triage.checks.cloud.aws;

import dev.triage.config.CloudSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the SDK clients, and the query APIs Triage calls without one (EC2, ELBv2), for one target's
 * {@code cloud.aws} block: its region, its credentials (the default chain, a named profile, or a role
 * assumed on top with STS), an endpoint override when given,
 * the target's deadline on every call, and few retries so throttling surfaces as a result instead of a
 * long wait. Each SDK client is closed by the caller after one check.
 */
public final class AwsClients {
    private final Function<CloudSettings.Aws, AwsCredentialsProvider> baseCredentials;
    private final int maxAttempts;
    /** For the query APIs without an SDK client; each call sets its own deadline on a copy. */
    private final OkHttpClient http;
    private final java.util.Map<CloudSettings.Aws, AwsCredentialsProvider> assumed = new java.util.concurrent.ConcurrentHashMap<>();

    /** The default credential chain, or the block's profile; two attempts per call. */
    public AwsClients() {
        this(new DefaultChain()::provider, 2);
    }

    /** The default chain, two attempts per call, over the process's one OkHttp client. */
    public AwsClients(OkHttpClient http) {
        this(new DefaultChain()::provider, 2, http);
    }

    /**
     * @param baseCredentials the credentials before any role is assumed (tests give static fake ones)
     * @param maxAttempts     attempts per call including the first, at least 1
     */
    public AwsClients(Function<CloudSettings.Aws, AwsCredentialsProvider> baseCredentials, int maxAttempts) {
        this(baseCredentials, maxAttempts, dev.triage.checks.http.HttpProber.sharedClient());
    }

    /** The same over the process's one OkHttp client ({@code http}) for the query APIs. */
    public AwsClients(Function<CloudSettings.Aws, AwsCredentialsProvider> baseCredentials, int maxAttempts, OkHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseCredentials = Objects.requireNonNull(baseCredentials, "baseCredentials");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** The default chain, or a named profile: one provider each, kept, since they cache and refresh credentials. */
    private static final class DefaultChain {
        private final java.util.Map<String, AwsCredentialsProvider> byProfile = new java.util.concurrent.ConcurrentHashMap<>();

        AwsCredentialsProvider provider(CloudSettings.Aws aws) {
            String profile = aws.profile() == null ? "" : aws.profile();
            return byProfile.computeIfAbsent(profile, p -> p.isEmpty() ? DefaultCredentialsProvider.builder().build()
                    : ProfileCredentialsProvider.create(p));
        }
    }

    /**
     * EC2's query API (the SDK's EC2 module is 75 MB for three calls): the same region, endpoint override,
     * credentials, deadline and attempts per call as the SDK clients.
     */
    Ec2Api ec2(CloudSettings.Aws aws, Duration timeout) {
        return new Ec2Api(http, () -> credentials(aws, timeout).resolveCredentials(), () -> region(aws), aws.endpoint(), timeout,
                maxAttempts);
    }

    public EcsClient ecs(CloudSettings.Aws aws, Duration timeout) {
        return configure(EcsClient.builder(), aws, timeout).build();
    }

    public CloudWatchLogsClient logs(CloudSettings.Aws aws, Duration timeout) {
        return configure(CloudWatchLogsClient.builder(), aws, timeout).build();
    }

    /** ELBv2's query API (no SDK client here): the same region, endpoint override, credentials and deadline. */
    ElbApi elb(CloudSettings.Aws aws, Duration timeout) {
        return new ElbApi(http, () -> credentials(aws, timeout).resolveCredentials(), () -> region(aws), aws.endpoint(), timeout);
    }

    /** The block's region, else the default chain's (AWS_REGION, the profile, instance metadata). */
    private static String region(CloudSettings.Aws aws) {
        return aws.region() != null ? aws.region() : DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(
            B builder, CloudSettings.Aws aws, Duration timeout) {
        builder.httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build());
        builder.overrideConfiguration(o -> o.apiCallTimeout(timeout.multipliedBy(maxAttempts))
                .apiCallAttemptTimeout(timeout)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build()));
        if (aws.region() != null) {
            builder.region(Region.of(aws.region()));
        }
        if (aws.endpoint() != null) {
            builder.endpointOverride(aws.endpoint());
        }
        builder.credentialsProvider(credentials(aws, timeout));
        return builder;
    }

    private AwsCredentialsProvider credentials(CloudSettings.Aws aws, Duration timeout) {
        if (aws.roleArn() == null) {
            return baseCredentials.apply(aws);
        }
        // One assumed-role provider per settings: it refreshes its session itself, and is not made again per check.
        return assumed.computeIfAbsent(aws, a -> assumeRole(a, timeout));
    }

    private AwsCredentialsProvider assumeRole(CloudSettings.Aws aws, Duration timeout) {
        AwsCredentialsProvider base = baseCredentials.apply(aws);
        StsClient sts = configure(StsClient.builder(), new CloudSettings.Aws(aws.region(), aws.profile(), null, null, null, null,
                null, null, null, null, aws.endpoint()), timeout).credentialsProvider(base).build();
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(aws.roleArn()).roleSessionName("triage"))
                .build();
    }
}
