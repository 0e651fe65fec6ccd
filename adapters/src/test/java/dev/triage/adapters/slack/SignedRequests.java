package dev.triage.adapters.slack;

import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds and sends requests the way Slack does: form bodies signed with the app's signing secret. */
public final class SignedRequests {
    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String secret;

    public SignedRequests(int port, String path, String secret) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + path);
        this.secret = secret;
    }

    public static String slashCommand(String channel, String userId, String userName, String command, String text) {
        return slashCommand(channel, userId, userName, command, text, "https://hooks.slack.com/commands/T0TEST/1/abc");
    }

    /** A command whose answers Slack would take at {@code responseUrl}. */
    public static String slashCommand(String channel, String userId, String userName, String command, String text, String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy-verification-token");
        form.put("team_id", "T0TEST");
        form.put("team_domain", "triage-test");
        form.put("channel_id", channel);
        form.put("channel_name", "ops");
        form.put("user_id", userId);
        form.put("user_name", userName);
        form.put("command", command);
        form.put("text", text);
        form.put("api_app_id", "A0TEST");
        form.put("is_enterprise_install", "false");
        form.put("response_url", responseUrl);
        form.put("trigger_id", "1.2.3");
        return formBody(form);
    }

    public static String buttonClick(String channel, String userId, String userName, String buttonId, String messageTs, String threadTs) {
        String thread = threadTs == null ? "" : ",\"thread_ts\":\"" + threadTs + "\"";
        String payload = """
                {"type":"block_actions","user":{"id":"%s","username":"%s","name":"%s","team_id":"T0TEST"},\
                "api_app_id":"A0TEST","token":"legacy-verification-token",\
                "container":{"type":"message","message_ts":"%s","channel_id":"%s","is_ephemeral":false%s},\
                "trigger_id":"1.2.3","team":{"id":"T0TEST","domain":"triage-test"},\
                "channel":{"id":"%s","name":"ops"},\
                "message":{"type":"message","user":"U0BOT","ts":"%s"%s,"text":"prod is DOWN"},\
                "response_url":"https://hooks.slack.com/actions/T0TEST/1/abc",\
                "actions":[{"action_id":"%s","block_id":"b1","text":{"type":"plain_text","text":"Diagnose"},\
                "value":"%s","type":"button","action_ts":"1700000100.000001"}]}"""
                .formatted(userId, userName, userName, messageTs, channel, thread, channel, messageTs, thread, buttonId, buttonId);
        return formBody(Map.of("payload", payload));
    }

    static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public HttpResponse<String> send(String body) throws IOException, InterruptedException {
        return send(body, Instant.now(), secret);
    }

    HttpResponse<String> send(String body, Instant signedAt, String signingSecret) throws IOException, InterruptedException {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        String signature = new SlackSignature.Generator(signingSecret).generate(timestamp, body);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
