package dev.triage.checks.cloud.aws;

import dev.triage.checks.cloud.CloudApiException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Elastic Load Balancing v2's query API, for the one call Triage needs: DescribeTargetGroups (the target
 * group's health-check settings, document 004). The SDK's ELBv2 client is not among the SDK modules this
 * build has, so the request is the query protocol's form POST ({@link AwsQuery}), signed with the SDK's own
 * SigV4 signer and the same credentials as the other AWS clients; the XML answer is read with the JDK's parser.
 * One call, one attempt, one deadline; every failure is a {@link CloudApiException} naming what to fix, never
 * a credential.
 */
final class ElbApi {
    static final String VERSION = "2015-12-01";
    static final String SIGNING_NAME = "elasticloadbalancing";
    private static final String IAM_DESCRIBE = "elasticloadbalancing:DescribeTargetGroups";

    private final AwsQuery query;

    /**
     * @param credentials resolved once per call (the provider caches and refreshes them)
     * @param region      the signing region; may throw the SDK's "unable to load region"
     * @param endpoint    the API's URL; null for the region's public endpoint
     */
    ElbApi(OkHttpClient http, Supplier<AwsCredentials> credentials, Supplier<String> region, URI endpoint, Duration timeout) {
        this.query = new AwsQuery(http, credentials, region, endpoint, timeout, 1, SIGNING_NAME, VERSION);
    }

    /** The health-check settings of the given target groups, in the order AWS lists them. */
    List<TargetGroupHealth> describeTargetGroups(List<String> arns) throws CloudApiException {
        if (arns.isEmpty()) {
            return List.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < arns.size(); i++) {
            params.put("TargetGroupArns.member." + (i + 1), arns.get(i));
        }
        Document answer = query.call("DescribeTargetGroups", params, IAM_DESCRIBE);
        List<TargetGroupHealth> out = new ArrayList<>();
        for (Element group : AwsQuery.children(AwsQuery.first(answer.getDocumentElement(), "TargetGroups"), "member")) {
            out.add(new TargetGroupHealth(AwsQuery.text(group, "TargetGroupArn"), AwsQuery.text(group, "TargetGroupName"),
                    AwsQuery.text(group, "HealthCheckProtocol"), AwsQuery.text(group, "HealthCheckPath"),
                    !"false".equals(AwsQuery.text(group, "HealthCheckEnabled")),
                    AwsQuery.integer(group, "HealthCheckIntervalSeconds", 30), AwsQuery.integer(group, "HealthCheckTimeoutSeconds", 5),
                    AwsQuery.integer(group, "HealthyThresholdCount", 5), AwsQuery.integer(group, "UnhealthyThresholdCount", 2)));
        }
        return out;
    }
}
