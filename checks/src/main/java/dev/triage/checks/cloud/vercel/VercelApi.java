package dev.triage.checks.cloud.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.checks.cloud.CloudApiException;
import dev.triage.checks.cloud.CloudFailure;
import dev.triage.checks.cloud.RestApi;
import dev.triage.config.CloudSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** The Vercel REST API calls {@code vercel-env} makes: a project's env vars, and one var's value. */
public final class VercelApi {
    static final RestApi.Hints HINTS = new RestApi.Hints("Vercel",
            "create a new access token in Vercel (Account Settings → Tokens) and set it where cloud.vercel.token points (e.g. VERCEL_TOKEN)",
            "the token's scope must include the team that owns the project (set cloud.vercel.team_id for a team project)");

    /**
     * One env var entry. The value is kept only as its scheme ({@code http}, {@code https}, or null when
     * unreadable): the rest is never held.
     */
    public record EnvVar(String id, String key, String type, List<String> targets, String scheme) {
    }

    private final RestApi rest;

    public VercelApi(RestApi rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    /** Every entry of the project's env var {@code key} (one per set of targets). */
    public List<EnvVar> entries(CloudSettings.Vercel v, String key, Duration timeout) throws CloudApiException {
        JsonNode json = rest.get(url(v, "/v9/projects/" + enc(v.projectId()) + "/env"), v.token(), timeout, HINTS);
        JsonNode envs = json.path("envs");
        if (!envs.isArray()) {
            throw new CloudApiException(CloudFailure.PROVIDER, "Vercel API answered the env list without \"envs\"");
        }
        List<EnvVar> out = new ArrayList<>();
        for (JsonNode e : envs) {
            if (!key.equals(e.path("key").asText())) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            JsonNode t = e.path("target");
            if (t.isArray()) {
                t.forEach(x -> targets.add(x.asText().toLowerCase(Locale.ROOT)));
            } else if (t.isTextual()) {
                targets.add(t.asText().toLowerCase(Locale.ROOT));
            }
            out.add(new EnvVar(e.path("id").asText(null), key, e.path("type").asText(""), targets, scheme(e.path("value").asText(null))));
        }
        return out;
    }

    /** The entry's scheme, decrypting it through the API when the list held it encrypted; null when unreadable. */
    public String scheme(CloudSettings.Vercel v, EnvVar entry, Duration timeout) throws CloudApiException {
        if (entry.scheme() != null || entry.id() == null || "sensitive".equals(entry.type()) || "secret".equals(entry.type())) {
            return entry.scheme();
        }
        JsonNode json = rest.get(url(v, "/v1/projects/" + enc(v.projectId()) + "/env/" + enc(entry.id())), v.token(), timeout, HINTS);
        return scheme(json.path("value").asText(null));
    }

    /** {@code http} or {@code https} when the value is a URL with that scheme, else null. */
    static String scheme(String value) {
        if (value == null) {
            return null;
        }
        String s = value.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("https://") ? "https" : s.startsWith("http://") ? "http" : null;
    }

    private static URI url(CloudSettings.Vercel v, String path) {
        String base = v.baseUrl().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(base + path + (v.teamId() == null ? "" : "?teamId=" + enc(v.teamId())));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
