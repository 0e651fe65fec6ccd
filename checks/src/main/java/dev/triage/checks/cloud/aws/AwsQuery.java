package dev.triage.checks.cloud.aws;

import dev.triage.time.Sleeper;

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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * AWS's query protocol, for the APIs Triage calls without an SDK client (ELBv2, EC2): the form POST
 * {@code Action=…&Version=…&…} over the process's OkHttp client, signed with the SDK's own SigV4 signer
 * and the target's credentials, the XML answer read with the JDK's parser. Each attempt has the target's
 * deadline; with more than one attempt, what the SDK's standard retry strategy retries (no answer, HTTP
 * 5xx, throttling) is tried again after its jittered back-off, all within attempts × the deadline. Every
 * failure is a {@link CloudApiException} naming the IAM action, never a credential.
 */
final class AwsQuery {
    private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded; charset=utf-8");
    private static final long BODY_LIMIT = 2 * 1024 * 1024;
    /** The SDK's standard strategy: full jitter on 100 ms (1 s when throttled) doubling per attempt, at most 20 s. */
    private final Sleeper sleeper;
    private static final Duration BASE_DELAY = Duration.ofMillis(100);
    private static final Duration THROTTLED_BASE_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(20);
    private static final Set<Integer> RETRIED_STATUS = Set.of(500, 502, 503, 504);

    /** An error answer from AWS: its code (e.g. {@code InvalidPermission.Duplicate}) and what it means. */
    static final class ErrorAnswer extends Exception {
        private final String code;
        private final CloudApiException meaning;

        ErrorAnswer(String code, CloudApiException meaning) {
            super(meaning.getMessage(), null, false, false);
            this.code = code;
            this.meaning = meaning;
        }

        String code() {
            return code;
        }

        CloudApiException meaning() {
            return meaning;
        }
    }

    private final OkHttpClient http;
    private final Supplier<AwsCredentials> credentials;
    private final Supplier<String> region;
    private final URI endpoint;
    private final Duration timeout;
    private final int maxAttempts;
    private final String signingName;
    private final String version;

    /**
     * @param credentials resolved once per attempt (the provider caches and refreshes them)
     * @param region      the signing region; may throw the SDK's "unable to load region"
     * @param endpoint    the API's URL; null for the region's public endpoint
     * @param maxAttempts attempts per call including the first, at least 1
     * @param signingName the service's SigV4 name and endpoint prefix, e.g. {@code ec2}
     * @param version     the API version every call names, e.g. {@code 2016-11-15}
     */
    AwsQuery(OkHttpClient http, Supplier<AwsCredentials> credentials, Supplier<String> region, URI endpoint, Duration timeout,
            int maxAttempts, String signingName, String version) {
        this(http, credentials, region, endpoint, timeout, maxAttempts, signingName, version, Sleeper.system());
    }

    /** The same, waiting between attempts through {@code sleeper} (a test's moves its clock). */
    AwsQuery(OkHttpClient http, Supplier<AwsCredentials> credentials, Supplier<String> region, URI endpoint, Duration timeout,
            int maxAttempts, String signingName, String version, Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.http = Objects.requireNonNull(http, "http");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = endpoint;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.signingName = Objects.requireNonNull(signingName, "signingName");
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The answer to {@code action} with {@code params} (in order, values not yet encoded); an AWS error answer mapped. */
    Document call(String action, Map<String, String> params, String iamAction) throws CloudApiException {
        try {
            return callOrError(action, params, iamAction);
        } catch (ErrorAnswer e) {
            throw e.meaning();
        }
    }

    /** The same, with AWS's error answer (its code) left to the caller. */
    Document callOrError(String action, Map<String, String> params, String iamAction) throws CloudApiException, ErrorAnswer {
        StringBuilder form = new StringBuilder("Action=").append(encode(action)).append("&Version=").append(encode(version));
        params.forEach((k, v) -> form.append('&').append(encode(k)).append('=').append(encode(v)));
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + timeout.multipliedBy(maxAttempts).toNanos();
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            // OkHttp counts its timeouts in whole milliseconds (0 would mean none): at least 1 ms.
            Duration thisAttempt = Duration.ofMillis(Math.max(1, (left.compareTo(timeout) < 0 ? left : timeout).toMillis()));
            try {
                return attempt(body, iamAction, thisAttempt);
            } catch (Retryable e) {
                Duration delay = backoff(attempt, e.failure.failure() == CloudFailure.THROTTLED);
                if (attempt >= maxAttempts || System.nanoTime() + delay.toNanos() + 1_000_000 >= deadline) {
                    if (e.answer != null) {
                        throw e.answer;
                    }
                    throw e.failure;
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CloudApiException(CloudFailure.UNREACHABLE, "interrupted while waiting to try " + iamAction + " again");
                }
            }
        }
    }

    /** A failure the SDK's standard strategy tries again. */
    private static final class Retryable extends Exception {
        final CloudApiException failure;
        final ErrorAnswer answer;

        Retryable(CloudApiException failure, ErrorAnswer answer) {
            super(null, null, false, false);
            this.failure = failure;
            this.answer = answer;
        }
    }

    private static Duration backoff(int attempt, boolean throttled) {
        long base = (throttled ? THROTTLED_BASE_DELAY : BASE_DELAY).toMillis();
        long ceiling = Math.min(MAX_DELAY.toMillis(), base << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private Document attempt(byte[] body, String iamAction, Duration deadline) throws CloudApiException, ErrorAnswer, Retryable {
        Request request;
        try {
            String signingRegion = region.get();
            AwsCredentials identity = credentials.get();
            URI url = endpoint != null ? endpoint : URI.create("https://" + signingName + "." + signingRegion + "." + domain(signingRegion) + "/");
            if (url.getPath() == null || url.getPath().isEmpty()) {
                url = url.resolve("/");
            }
            SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(url)
                    .putHeader("Content-Type", FORM.toString()).build();
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion));
            Request.Builder builder = new Request.Builder().url(url.toString()).post(RequestBody.create(body, FORM));
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> builder.addHeader(name, v));
                }
            });
            request = builder.build();
        } catch (SdkException e) {
            throw AwsFailures.of(e, iamAction);
        }
        OkHttpClient client = http.newBuilder().connectTimeout(deadline).readTimeout(deadline).writeTimeout(deadline)
                .callTimeout(deadline).build();
        try (Response response = client.newCall(request).execute()) {
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
            String code = error == null ? null : text(error, "Code");
            code = code == null ? "" : code;
            CloudApiException meaning = AwsFailures.of(code, response.code(), false, iamAction);
            ErrorAnswer answer = new ErrorAnswer(code, meaning);
            if (meaning.failure() == CloudFailure.THROTTLED || RETRIED_STATUS.contains(response.code()) || transientCode(code)) {
                throw new Retryable(meaning, answer);
            }
            throw answer;
        } catch (CloudApiException | ErrorAnswer | Retryable e) {
            throw e;
        } catch (InterruptedIOException e) {
            throw new Retryable(new CloudApiException(CloudFailure.UNREACHABLE, "AWS gave no answer in time for " + iamAction), null);
        } catch (IOException e) {
            throw new Retryable(new CloudApiException(CloudFailure.UNREACHABLE, "AWS could not be reached for " + iamAction + ": "
                    + CloudResults.oneLine(e.getMessage(), 160)), null);
        } catch (RuntimeException e) {
            throw new CloudApiException(CloudFailure.UNREACHABLE, "AWS could not be reached for " + iamAction + ": "
                    + CloudResults.oneLine(e.getMessage(), 160));
        }
    }

    /** The codes the SDK treats as transient besides throttling and 5xx. */
    private static boolean transientCode(String code) {
        String c = code.toLowerCase(Locale.ROOT);
        return c.equals("requesttimeout") || c.equals("requesttimeoutexception") || c.equals("priorrequestnotcomplete");
    }

    /** Form encoding as SigV4 and AWS expect it: spaces as %20, never {@code +}. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
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

    // ---- the few DOM reads the answers need ------------------------------------------------------

    /** The first element named {@code name} anywhere under {@code parent}; null when there is none. */
    static Element first(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        var l = parent.getElementsByTagName(name);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    /** The direct children of {@code parent} named {@code name}; empty when parent is null. */
    static List<Element> children(Element parent, String name) {
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

    /** The first direct child named {@code name}; null when there is none. */
    static Element child(Element parent, String name) {
        List<Element> l = children(parent, name);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The text of the first direct child named {@code name}, stripped; null when there is none. */
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    static int integer(Element parent, String name, int dflt) {
        Integer v = integer(parent, name);
        return v == null ? dflt : v;
    }

    /** The child's integer value; null when it is missing or not a number. */
    static Integer integer(Element parent, String name) {
        String v = text(parent, name);
        try {
            return v == null || v.isEmpty() ? null : Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
