package dev.triage.adapters.slack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The middle step of Slack's file upload: the bytes POSTed to the {@code upload_url} {@code files.getUploadURLExternal}
 * gave. The URL itself grants the upload (no token goes with it), so it is never logged or put in an error.
 */
final class FileUploads {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Throws {@link SlackSendQueue.WebhookRefused} on anything but 2xx, so the outbox retries 429s and 5xx like any call. */
    void post(String uploadUrl, byte[] bytes, String channel) throws IOException {
        URI uri;
        try {
            uri = URI.create(uploadUrl);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SlackCallFailedException("upload_url", channel, "Slack gave no usable upload URL");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(DEADLINE)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> answer;
        try {
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackCallFailedException("upload_url", channel, "interrupted", e);
        }
        if (answer.statusCode() / 100 != 2) {
            throw new SlackSendQueue.WebhookRefused(answer.statusCode(), answer.headers().firstValue("Retry-After").orElse(null),
                    "upload refused");
        }
    }
}
