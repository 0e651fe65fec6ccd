package dev.triage.checks.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.Secret;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A provider's JSON REST API over OkHttp with a bearer token: one call, one deadline, and every
 * non-answer turned into a {@link CloudApiException} whose message says what to fix (which token, which
 * scope) — never the token itself, never a URL's query.
 */
public final class RestApi {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BODY_LIMIT = 2 * 1024 * 1024;

    /**
     * What to tell the user when the provider refuses.
     *
     * @param provider       e.g. {@code Render}
     * @param credentialsFix what to do when the token is rejected (HTTP 401)
     * @param permissionFix  what to do when the token may not do this (HTTP 403)
     */
    public record Hints(String provider, String credentialsFix, String permissionFix) {
    }

    private final OkHttpClient client;

    public RestApi(OkHttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public RestApi() {
        this(dev.triage.checks.http.HttpProber.sharedClient());
    }

    public JsonNode get(URI url, Secret token, Duration timeout, Hints hints) throws CloudApiException {
        return call(new Request.Builder().url(url.toString()).get(), url, token, timeout, hints);
    }

    /** @param body a JSON document, or null for an empty one */
    public JsonNode post(URI url, Secret token, String body, Duration timeout, Hints hints) throws CloudApiException {
        return send("POST", url, token, body, timeout, hints);
    }

    /**
     * @param method {@code POST}, {@code PATCH}, {@code PUT}
     * @param body   a JSON document, or null for an empty one
     */
    public JsonNode send(String method, URI url, Secret token, String body, Duration timeout, Hints hints) throws CloudApiException {
        RequestBody payload = RequestBody.create(body == null ? "" : body, JSON_TYPE);
        return call(new Request.Builder().url(url.toString()).method(method, payload), url, token, timeout, hints);
    }

    private JsonNode call(Request.Builder request, URI url, Secret token, Duration timeout, Hints hints) throws CloudApiException {
        String shown = request.build().method() + " " + HttpProber.redact(url);
        OkHttpClient c = client.newBuilder().connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout).build();
        request.header("Accept", "application/json").header("User-Agent", "triage");
        if (token != null) {
            request.header("Authorization", "Bearer " + token.reveal());
        }
        try (Response response = c.newCall(request.build()).execute()) {
            String body = read(response.body());
            int code = response.code();
            if (code >= 200 && code < 300) {
                if (body.isBlank()) {
                    return JSON.nullNode();
                }
                try {
                    return JSON.readTree(body);
                } catch (IOException e) {
                    throw new CloudApiException(CloudFailure.PROVIDER, hints.provider() + " API answered " + shown
                            + " with something that is not JSON");
                }
            }
            String said = CloudResults.scrub(CloudResults.oneLine(message(body), 160), token);
            String because = said.isEmpty() ? "" : " (\"" + said + "\")";
            throw switch (code) {
                case 401 -> new CloudApiException(CloudFailure.CREDENTIALS, hints.provider() + " API refused the token, HTTP 401"
                        + because + ": it is expired, revoked or wrong — " + hints.credentialsFix());
                case 403 -> new CloudApiException(CloudFailure.PERMISSION, hints.provider() + " API: permission denied, HTTP 403, for "
                        + shown + because + " — " + hints.permissionFix());
                case 404 -> new CloudApiException(CloudFailure.NOT_FOUND, hints.provider() + " API: not found, HTTP 404, for " + shown
                        + because + " — check the id in the target's cloud settings");
                case 429 -> new CloudApiException(CloudFailure.THROTTLED, hints.provider() + " API is throttling requests (HTTP 429"
                        + retryAfter(response) + "): try again later, or check less often");
                default -> new CloudApiException(CloudFailure.PROVIDER, hints.provider() + " API answered HTTP " + code + " for "
                        + shown + because);
            };
        } catch (CloudApiException e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new CloudApiException(CloudFailure.UNREACHABLE, hints.provider() + " API host " + url.getHost()
                    + " does not resolve: check base_url and the bot's DNS");
        } catch (InterruptedIOException e) {
            throw new CloudApiException(CloudFailure.UNREACHABLE, hints.provider() + " API gave no answer within "
                    + timeout.toMillis() + " ms for " + shown);
        } catch (IOException | RuntimeException e) {
            throw new CloudApiException(CloudFailure.UNREACHABLE, hints.provider() + " API could not be reached for " + shown + ": "
                    + CloudResults.scrub(CloudResults.oneLine(e.getMessage(), 160), token));
        }
    }

    private static String read(ResponseBody body) throws IOException {
        if (body == null) {
            return "";
        }
        var source = body.source();
        source.request(BODY_LIMIT);
        return source.getBuffer().readUtf8(Math.min(source.getBuffer().size(), BODY_LIMIT));
    }

    /** The error message of Render's {@code {"message": …}} and Vercel's {@code {"error": {"message": …}}}. */
    private static String message(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null) {
                return "";
            }
            for (JsonNode n : List.of(json.path("message"), json.path("error").path("message"), json.path("error"))) {
                if (n.isTextual()) {
                    return n.asText();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static String retryAfter(Response response) {
        String v = response.header("Retry-After");
        return v == null || !v.strip().matches("\\d{1,6}") ? "" : ", retry after " + v.strip() + " s";
    }
}
