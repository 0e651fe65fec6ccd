package dev.triage.checks.cloud.aws;

import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.CloudResults;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Elastic Load Balancing v2's query API, for the one call Triage needs: DescribeTargetGroups (the target
 * group's health-check settings, document 004). The SDK's ELBv2 client is not among the SDK modules this
 * build has, so the request is the query protocol's form POST, signed with the SDK's own SigV4 signer and
 * the same credentials as the other AWS clients; the XML answer is read with the JDK's parser. One call,
 * one deadline; every failure is a {@link CloudApiException} naming what to fix, never a credential.
 */
final class ElbApi {
    static final String VERSION = "2015-12-01";
    static final String SIGNING_NAME = "elasticloadbalancing";
    private static final String IAM_DESCRIBE = "elasticloadbalancing:DescribeTargetGroups";
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded; charset=utf-8");
    private static final long BODY_LIMIT = 2 * 1024 * 1024;

    private final OkHttpClient http;
    private final Supplier<AwsCredentials> credentials;
    private final Supplier<String> region;
    private final URI endpoint;
    private final Duration timeout;

    /**
     * @param credentials resolved once per call (the provider caches and refreshes them)
     * @param region      the signing region; may throw the SDK's "unable to load region"
     * @param endpoint    the API's URL; null for the region's public endpoint
     */
    ElbApi(OkHttpClient http, Supplier<AwsCredentials> credentials, Supplier<String> region, URI endpoint, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = endpoint;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The health-check settings of the given target groups, in the order AWS lists them. */
    List<TargetGroupHealth> describeTargetGroups(List<String> arns) throws CloudApiException {
        if (arns.isEmpty()) {
            return List.of();
        }
        StringBuilder form = new StringBuilder("Action=DescribeTargetGroups&Version=" + VERSION);
        for (int i = 0; i < arns.size(); i++) {
            form.append("&TargetGroupArns.member.").append(i + 1).append('=').append(URLEncoder.encode(arns.get(i), StandardCharsets.UTF_8));
        }
        Document answer = call(form.toString(), IAM_DESCRIBE);
        List<TargetGroupHealth> out = new ArrayList<>();
        for (Element group : children(first(answer.getDocumentElement(), "TargetGroups"), "member")) {
            out.add(new TargetGroupHealth(text(group, "TargetGroupArn"), text(group, "TargetGroupName"),
                    text(group, "HealthCheckProtocol"), text(group, "HealthCheckPath"), !"false".equals(text(group, "HealthCheckEnabled")),
                    integer(group, "HealthCheckIntervalSeconds", 30), integer(group, "HealthCheckTimeoutSeconds", 5),
                    integer(group, "HealthyThresholdCount", 5), integer(group, "UnhealthyThresholdCount", 2)));
        }
        return out;
    }

    private Document call(String form, String iamAction) throws CloudApiException {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        String signingRegion;
        AwsCredentials identity;
        try {
            signingRegion = region.get();
            identity = credentials.get();
        } catch (SdkException e) {
            throw AwsFailures.of(e, iamAction);
        }
        URI url = endpoint != null ? endpoint : URI.create("https://" + SIGNING_NAME + "." + signingRegion + "." + domain(signingRegion) + "/");
        if (url.getPath() == null || url.getPath().isEmpty()) {
            url = url.resolve("/");
        }
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(url)
                .putHeader("Content-Type", FORM.toString()).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
        Request.Builder request = new Request.Builder().url(url.toString()).post(RequestBody.create(body, FORM));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Content-Type")) {
                values.forEach(v -> request.addHeader(name, v));
            }
        });
        OkHttpClient client = http.newBuilder().connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout).build();
        try (Response response = client.newCall(request.build()).execute()) {
            var source = response.body().source();
            source.request(BODY_LIMIT);
            byte[] bytes = source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), BODY_LIMIT));
            if (response.code() >= 200 && response.code() < 300) {
                Document doc = parse(bytes, iamAction);
                if (doc == null) {
                    throw new CloudApiException(CloudFailure.PROVIDER, "AWS answered " + iamAction + " with an empty body");
                }
                return doc;
            }
            Document doc;
            try {
                doc = parse(bytes, iamAction);
            } catch (CloudApiException notXml) {
                doc = null;   // an error page that isn't AWS's XML: the status alone says what it was
            }
            Element error = doc == null ? null : first(doc.getDocumentElement(), "Error");
            String code = error == null ? "" : text(error, "Code");
            throw AwsFailures.of(code == null ? "" : code, response.code(), false, iamAction);
        } catch (CloudApiException e) {
            throw e;
        } catch (InterruptedIOException e) {
            throw new CloudApiException(CloudFailure.UNREACHABLE, "AWS gave no answer in time for " + iamAction);
        } catch (IOException | RuntimeException e) {
            throw new CloudApiException(CloudFailure.UNREACHABLE, "AWS could not be reached for " + iamAction + ": "
                    + CloudResults.oneLine(e.getMessage(), 160));
        }
    }

    private static String domain(String region) {
        var metadata = software.amazon.awssdk.regions.Region.of(region).metadata();
        return metadata == null ? "amazonaws.com" : metadata.domain();
    }

    private static Document parse(byte[] xml, String iamAction) throws CloudApiException {
        if (xml.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new CloudApiException(CloudFailure.PROVIDER, "AWS answered " + iamAction + " with something that is not XML");
        }
    }

    // ---- the few DOM reads the answer needs --------------------------------------------------------

    /** The first element named {@code name} anywhere under {@code parent}; null when there is none. */
    private static Element first(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        NodeList l = parent.getElementsByTagName(name);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        for (Element e : children(parent, name)) {
            return e.getTextContent().strip();
        }
        return null;
    }

    private static int integer(Element parent, String name, int dflt) {
        String v = text(parent, name);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
