package dev.triage.checks.cloud.vercel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The Vercel REST API calls Triage makes: a project's env vars and one var's value ({@code vercel-env}); setting a var,
 * the latest production deployment, a redeploy of it and its state ({@code vercel-set-backend-url}).
 */
public final class VercelApi {
    static final RestApi.Hints HINTS = new RestApi.Hints("Vercel",
            "create a new access token in Vercel (Account Settings → Tokens) and set it where cloud.vercel.token points (e.g. VERCEL_TOKEN)",
            "the token's scope must include the team that owns the project (set cloud.vercel.team_id for a team project)");

    /**
     * One env var entry. Its value is kept only as a {@link UrlValue} — and then only when it is a URL; any other value
     * is never held: {@code readable} says whether there was one to read.
     *
     * @param url the value as a URL; null when it is not one, or could not be read
     */
    public record EnvVar(String id, String key, String type, List<String> targets, boolean readable, UrlValue url) {
        /** Whether the value can't be read at all (a sensitive or secret var, or an encrypted one not yet asked for). */
        public boolean unreadable() {
            return !readable;
        }

        EnvVar withValue(String value) {
            return new EnvVar(id, key, type, targets, value != null, UrlValue.parse(value));
        }
    }

    /** A deployment: its id and state ({@code QUEUED}, {@code BUILDING}, {@code READY}, {@code ERROR}, {@code CANCELED}). */
    public record Deployment(String id, String name, String state) {
        public boolean ready() {
            return "READY".equals(state);
        }

        public boolean failed() {
            return "ERROR".equals(state) || "CANCELED".equals(state);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

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
            // The list holds an encrypted var's value encrypted: only a plain URL counts as read here.
            UrlValue url = UrlValue.parse(e.path("value").asText(null));
            out.add(new EnvVar(e.path("id").asText(null), key, e.path("type").asText(""), targets, url != null, url));
        }
        return out;
    }

    /**
     * The entry with its value read: as listed when the list held it plainly, else decrypted through the API; a sensitive
     * or secret var stays unreadable.
     */
    public EnvVar read(CloudSettings.Vercel v, EnvVar entry, Duration timeout) throws CloudApiException {
        if (entry.readable() || entry.id() == null || "sensitive".equals(entry.type()) || "secret".equals(entry.type())) {
            return entry;
        }
        JsonNode json = rest.get(url(v, "/v1/projects/" + enc(v.projectId()) + "/env/" + enc(entry.id())), v.token(), timeout, HINTS);
        return entry.withValue(json.path("value").isTextual() ? json.path("value").asText() : null);
    }

    /** Sets an existing entry's value, for the environments it already has ({@code PATCH /v9/projects/…/env/ID}). */
    public void setValue(CloudSettings.Vercel v, EnvVar entry, String value, Duration timeout) throws CloudApiException {
        ObjectNode body = JSON.createObjectNode().put("value", value);
        ArrayNode targets = body.putArray("target");
        entry.targets().forEach(targets::add);
        rest.send("PATCH", url(v, "/v9/projects/" + enc(v.projectId()) + "/env/" + enc(entry.id())), v.token(), body.toString(),
                timeout, HINTS);
    }

    /** Creates the var for {@code environments} ({@code POST /v10/projects/…/env?upsert=true}), encrypted as the dashboard does. */
    public void create(CloudSettings.Vercel v, String key, String value, List<String> environments, Duration timeout) throws CloudApiException {
        ObjectNode body = JSON.createObjectNode().put("key", key).put("value", value).put("type", "encrypted");
        ArrayNode targets = body.putArray("target");
        environments.forEach(targets::add);
        rest.post(url(v, "/v10/projects/" + enc(v.projectId()) + "/env", "upsert=true"), v.token(), body.toString(), timeout, HINTS);
    }

    /** The project's latest production deployment ({@code GET /v6/deployments?projectId=…&target=production&limit=1}); null for none. */
    public Deployment latestProduction(CloudSettings.Vercel v, Duration timeout) throws CloudApiException {
        JsonNode json = rest.get(url(v, "/v6/deployments", "projectId=" + enc(v.projectId()) + "&target=production&limit=1"),
                v.token(), timeout, HINTS);
        JsonNode list = json.path("deployments");
        if (!list.isArray()) {
            throw new CloudApiException(CloudFailure.PROVIDER, "Vercel API answered the deployment list without \"deployments\"");
        }
        if (list.isEmpty()) {
            return null;
        }
        JsonNode d = list.get(0);
        return new Deployment(d.path("uid").asText(d.path("id").asText(null)), d.path("name").asText(null),
                d.path("state").asText(d.path("readyState").asText(null)));
    }

    /** A new production deployment built from {@code from} ({@code POST /v13/deployments} with its {@code deploymentId}). */
    public Deployment redeploy(CloudSettings.Vercel v, Deployment from, Duration timeout) throws CloudApiException {
        ObjectNode body = JSON.createObjectNode().put("name", from.name() == null ? v.projectId() : from.name())
                .put("deploymentId", from.id()).put("project", v.projectId()).put("target", "production");
        JsonNode d = rest.post(url(v, "/v13/deployments"), v.token(), body.toString(), timeout, HINTS);
        Deployment created = deployment(d);
        if (created.id() == null) {
            throw new CloudApiException(CloudFailure.PROVIDER, "Vercel API accepted the redeploy but named no deployment id");
        }
        return created;
    }

    /** A deployment's state now ({@code GET /v13/deployments/ID}). */
    public Deployment deployment(CloudSettings.Vercel v, String id, Duration timeout) throws CloudApiException {
        return deployment(rest.get(url(v, "/v13/deployments/" + enc(id)), v.token(), timeout, HINTS));
    }

    private static Deployment deployment(JsonNode d) {
        return new Deployment(d.path("id").asText(d.path("uid").asText(null)), d.path("name").asText(null),
                d.path("readyState").asText(d.path("status").asText(null)));
    }

    private static URI url(CloudSettings.Vercel v, String path) {
        return url(v, path, null);
    }

    /** @param query already encoded, without the team; null for none */
    private static URI url(CloudSettings.Vercel v, String path, String query) {
        String base = v.baseUrl().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String q = (query == null ? "" : query) + (v.teamId() == null ? "" : (query == null ? "" : "&") + "teamId=" + enc(v.teamId()));
        return URI.create(base + path + (q.isEmpty() ? "" : "?" + q));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
