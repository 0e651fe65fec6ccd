package dev.triage.checks.cloud.aws;

import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * EC2's query API, for the three calls {@code security-group} and {@code security-group-allow} make:
 * DescribeInstances (an instance's security groups), DescribeSecurityGroups and
 * AuthorizeSecurityGroupIngress. The SDK's EC2 module is 75 MB for these three, so the requests are the
 * query protocol's form POST ({@link AwsQuery}), signed with the SDK's SigV4 signer; EC2's XML answer
 * ({@code <item>} lists, errors as {@code <Response><Errors><Error><Code>}) is read into the small records
 * below. Pages ({@code nextToken}) are followed.
 */
final class Ec2Api {
    static final String VERSION = "2016-11-15";
    static final String SIGNING_NAME = "ec2";
    /** Pages followed at most: far more than any instance's or group list's, and no endless loop on a bad token. */
    private static final int MAX_PAGES = 100;

    /** One security group: its id, name and inbound rules. */
    record SecurityGroup(String groupId, String groupName, List<Permission> ipPermissions) {
        SecurityGroup {
            ipPermissions = List.copyOf(ipPermissions);
        }
    }

    /**
     * One inbound rule: protocol ({@code tcp}, {@code -1} for all), the port range (null when EC2 gives
     * none), and its sources: IPv4 and IPv6 CIDRs, security groups, prefix lists.
     */
    record Permission(String ipProtocol, Integer fromPort, Integer toPort, List<String> ipRanges, List<String> ipv6Ranges,
            List<String> groupIds, List<String> prefixListIds) {
        Permission {
            ipRanges = List.copyOf(ipRanges);
            ipv6Ranges = List.copyOf(ipv6Ranges);
            groupIds = List.copyOf(groupIds);
            prefixListIds = List.copyOf(prefixListIds);
        }
    }

    private final AwsQuery query;

    /**
     * @param credentials resolved once per attempt (the provider caches and refreshes them)
     * @param region      the signing region; may throw the SDK's "unable to load region"
     * @param endpoint    the API's URL; null for the region's public endpoint
     * @param maxAttempts attempts per call including the first
     */
    Ec2Api(OkHttpClient http, Supplier<AwsCredentials> credentials, Supplier<String> region, URI endpoint, Duration timeout,
            int maxAttempts) {
        this.query = new AwsQuery(http, credentials, region, endpoint, timeout, maxAttempts, SIGNING_NAME, VERSION);
    }

    /** The security groups of the instance (each once, in EC2's order). */
    List<String> instanceGroups(String instanceId) throws CloudApiException {
        Set<String> out = new LinkedHashSet<>();
        for (Document page : pages("DescribeInstances", Map.of("InstanceId.1", instanceId), "ec2:DescribeInstances")) {
            for (Element reservation : items(page.getDocumentElement(), "reservationSet")) {
                for (Element instance : items(reservation, "instancesSet")) {
                    for (Element group : items(instance, "groupSet")) {
                        String id = AwsQuery.text(group, "groupId");
                        if (id != null) {
                            out.add(id);
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** The given groups with their inbound rules, in EC2's order. */
    List<SecurityGroup> describeSecurityGroups(Collection<String> groupIds) throws CloudApiException {
        Map<String, String> params = new LinkedHashMap<>();
        int n = 0;
        for (String id : groupIds) {
            params.put("GroupId." + (++n), id);
        }
        List<SecurityGroup> out = new ArrayList<>();
        for (Document page : pages("DescribeSecurityGroups", params, "ec2:DescribeSecurityGroups")) {
            for (Element g : items(page.getDocumentElement(), "securityGroupInfo")) {
                List<Permission> rules = new ArrayList<>();
                for (Element p : items(g, "ipPermissions")) {
                    rules.add(new Permission(AwsQuery.text(p, "ipProtocol"), AwsQuery.integer(p, "fromPort"), AwsQuery.integer(p, "toPort"),
                            texts(items(p, "ipRanges"), "cidrIp"), texts(items(p, "ipv6Ranges"), "cidrIpv6"),
                            texts(items(p, "groups"), "groupId"), texts(items(p, "prefixListIds"), "prefixListId")));
                }
                out.add(new SecurityGroup(AwsQuery.text(g, "groupId"), AwsQuery.text(g, "groupName"), rules));
            }
        }
        return out;
    }

    /**
     * Adds the inbound rule tcp {@code port} from {@code cidr} (IPv6 when it has a colon) to {@code groupId}.
     *
     * @return true when added; false when the group already had it (EC2's {@code InvalidPermission.Duplicate})
     */
    boolean authorizeIngress(String groupId, int port, String cidr, String description) throws CloudApiException {
        boolean ipv6 = cidr.contains(":");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("GroupId", groupId);
        params.put("IpPermissions.1.IpProtocol", "tcp");
        params.put("IpPermissions.1.FromPort", Integer.toString(port));
        params.put("IpPermissions.1.ToPort", Integer.toString(port));
        String range = ipv6 ? "IpPermissions.1.Ipv6Ranges.1." : "IpPermissions.1.IpRanges.1.";
        params.put(range + (ipv6 ? "CidrIpv6" : "CidrIp"), cidr);
        params.put(range + "Description", description);
        try {
            query.callOrError("AuthorizeSecurityGroupIngress", params, "ec2:AuthorizeSecurityGroupIngress");
            return true;
        } catch (AwsQuery.ErrorAnswer e) {
            if ("InvalidPermission.Duplicate".equals(e.code())) {
                return false;
            }
            throw e.meaning();
        }
    }

    /** Every page of the answer, following {@code nextToken}. */
    private List<Document> pages(String action, Map<String, String> params, String iamAction) throws CloudApiException {
        List<Document> pages = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            Map<String, String> p = new LinkedHashMap<>(params);
            if (token != null) {
                p.put("NextToken", token);
            }
            Document page = query.call(action, p, iamAction);
            pages.add(page);
            token = AwsQuery.text(page.getDocumentElement(), "nextToken");
            if (token != null && (token.isEmpty() || !seen.add(token))) {
                token = null;   // an empty or repeated token: the list is complete as far as EC2 will say
            }
            if (token != null && pages.size() >= MAX_PAGES) {
                throw new CloudApiException(CloudFailure.PROVIDER, "AWS answered " + iamAction + " with more than " + MAX_PAGES + " pages");
            }
        } while (token != null);
        return pages;
    }

    /** The {@code <item>} elements of {@code parent}'s list child {@code list}, e.g. {@code ipPermissions/item}. */
    private static List<Element> items(Element parent, String list) {
        return AwsQuery.children(AwsQuery.child(parent, list), "item");
    }

    private static List<String> texts(List<Element> items, String name) {
        List<String> out = new ArrayList<>();
        for (Element item : items) {
            String v = AwsQuery.text(item, name);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
