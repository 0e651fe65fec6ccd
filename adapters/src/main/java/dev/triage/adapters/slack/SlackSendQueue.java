package dev.triage.adapters.slack;

import dev.triage.time.Sleeper;

import com.slack.api.methods.SlackApiException;
import dev.triage.adapters.Delivery;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound calls, one serial queue per channel: a call starts only when the channel's previous
 * one has finished, so messages (and thread replies) land in the order they were handed in.
 * Posts to one channel are spaced by the policy's interval; a 429 waits out its Retry-After and a
 * 5xx (or a refused connection) backs off, both bounded by the policy's tries. Calls run on
 * virtual threads; waiting goes through the {@link Sleeper}.
 */
final class SlackSendQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackSendQueue.class);

    private final DeliveryPolicy policy;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("slack-send-", 0).factory());
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    SlackSendQueue(DeliveryPolicy policy, InstantSource clock, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Queues {@code call} behind everything already queued for {@code channel}.
     *
     * @param paced    whether this call posts a new message (and so keeps to the per-channel pace)
     * @param delivery asked before every attempt whether it may still be made; null for a call that is always ours
     */
    private volatile dev.triage.adapters.ApiCalls calls = dev.triage.adapters.ApiCalls.NONE;

    <T> CompletableFuture<T> submit(String channel, String method, boolean paced, Delivery delivery, SlackCall<T> call) {
        Lane lane = lanes.computeIfAbsent(channel, c -> new Lane());
        synchronized (lane) {
            CompletableFuture<T> next = lane.tail
                    .handle((ignored, failure) -> null)
                    .thenApplyAsync(ignored -> runWithRetries(lane, channel, method, paced, delivery, call), executor);
            lane.tail = next;
            return next;
        }
    }

    private <T> T runWithRetries(Lane lane, String channel, String method, boolean paced, Delivery delivery, SlackCall<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (paced) {
                    keepPace(lane);
                }
                if (delivery != null) {
                    // Right before the call: after a pace or a Retry-After, the message may be someone else's now.
                    delivery.mayProceed();
                }
                try {
                    T answer = call.call();
                    calls.called("slack", method, "ok");
                    return answer;
                } finally {
                    if (paced) {
                        lane.lastPost = clock.instant();
                    }
                }
            } catch (SlackApiException e) {
                int status = e.getResponse() == null ? 0 : e.getResponse().code();
                calls.called("slack", method, resultOf(status, e.getError() == null ? null : e.getError().getError()));
                Duration wait = status == 429 ? retryAfter(e) : status >= 500 ? policy.backoff(attempt) : null;
                String error = status == 429 ? "rate limited (HTTP 429)" : errorOf(e, status);
                if (wait == null || attempt >= policy.maxAttempts() || wait.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new SlackCallFailedException(method, channel, error + retried(attempt), e);
                }
                log.info("{} to {}: {}; trying again in {} ms (try {} of {})",
                        method, channel, error, wait.toMillis(), attempt + 1, policy.maxAttempts());
                pause(wait, method, channel);
            } catch (SlackCallFailedException e) {
                calls.called("slack", method, resultOf(200, e.error()));   // Slack answered ok: false
                throw e;
            } catch (WebhookRefused e) {
                calls.called("slack", method, resultOf(e.status, e.error));
                Duration wait = e.status == 429 ? seconds(e.retryAfter) : e.status >= 500 ? policy.backoff(attempt) : null;
                String error = e.status == 429 ? "rate limited (HTTP 429)" : e.error + " (HTTP " + e.status + ")";
                if (wait == null || attempt >= policy.maxAttempts() || wait.compareTo(policy.maxRetryAfter()) > 0) {
                    throw new SlackCallFailedException(method, channel, error + retried(attempt));
                }
                log.info("{} to {}: {}; trying again in {} ms (try {} of {})",
                        method, channel, error, wait.toMillis(), attempt + 1, policy.maxAttempts());
                pause(wait, method, channel);
            } catch (ConnectException e) {
                calls.called("slack", method, "unreachable");
                if (attempt >= policy.maxAttempts()) {
                    throw new SlackCallFailedException(method, channel, "cannot connect to Slack" + retried(attempt), e);
                }
                Duration wait = policy.backoff(attempt);
                log.info("{} to {}: cannot connect to Slack; trying again in {} ms (try {} of {})",
                        method, channel, wait.toMillis(), attempt + 1, policy.maxAttempts());
                pause(wait, method, channel);
            } catch (IOException e) {
                throw new SlackCallFailedException(method, channel, e.getClass().getSimpleName(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SlackCallFailedException(method, channel, "interrupted", e);
            }
        }
    }

    /** {@code rate_limited}, {@code server_error}, or Slack's error code ({@code not_in_channel}) for the metrics. */
    private static String resultOf(int status, String error) {
        if (status == 429) {
            return "rate_limited";
        }
        if (status >= 500) {
            return "server_error";
        }
        return error == null || error.isBlank() || !error.matches("[a-z_]{1,40}") ? "error" : error;
    }

    /** Counts a call made outside the lanes (the token check at start). */
    void count(String method, String result) {
        calls.called("slack", method, result);
    }

    /** Where every attempt is counted; {@link ApiCalls#NONE} until the bot gives one. */
    void reportingCallsTo(dev.triage.adapters.ApiCalls calls) {
        this.calls = java.util.Objects.requireNonNull(calls, "calls");
    }

    private void keepPace(Lane lane) throws InterruptedException {
        if (lane.lastPost != null) {
            Duration wait = Duration.between(clock.instant(), lane.lastPost.plus(policy.postInterval()));
            if (wait.isPositive()) {
                sleeper.sleep(wait);
            }
        }
    }

    private void pause(Duration wait, String method, String channel) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlackCallFailedException(method, channel, "interrupted", e);
        }
    }

    /** Slack's Retry-After in seconds; one second when it is missing or unreadable. */
    private static Duration retryAfter(SlackApiException e) {
        return seconds(e.getResponse().header("Retry-After"));
    }

    private static Duration seconds(String header) {
        try {
            long seconds = header == null ? 1 : Long.parseLong(header.strip());
            return Duration.ofSeconds(Math.max(1, seconds));
        } catch (NumberFormatException notSeconds) {
            return Duration.ofSeconds(1);
        }
    }

    private static String errorOf(SlackApiException e, int status) {
        if (e.getError() != null && e.getError().getError() != null) {
            return e.getError().getError() + " (HTTP " + status + ")";
        }
        return "HTTP " + status;
    }

    private static String retried(int attempts) {
        return attempts > 1 ? " after " + attempts + " tries" : "";
    }

    /**
     * Turns a {@code response_url} answer into success or a {@link WebhookRefused} the retry loop understands. Slack
     * answers 200 with {@code ok} or {@code {"ok":true}}; refusals carry their reason ({@code expired_url},
     * {@code used_url}, {@code no_text} …) in the body. Never echoes the URL, which grants posting.
     */
    static void checkWebhook(String method, String channel, com.slack.api.webhook.WebhookResponse answer) {
        int status = answer.getCode() == null ? 0 : answer.getCode();
        String body = answer.getBody() == null ? "" : answer.getBody().strip();
        boolean refusedInBody = body.contains("\"ok\":false");
        if (status >= 200 && status < 300 && !refusedInBody) {
            return;
        }
        java.util.regex.Matcher error = java.util.regex.Pattern.compile("\"error\"\\s*:\\s*\"([a-z_]{1,60})\"").matcher(body);
        String reason = error.find() ? error.group(1) : body.matches("[a-z_]{1,60}") ? body : "refused";
        String retryAfter = null;
        if (answer.getHeaders() != null) {
            for (var h : answer.getHeaders().entrySet()) {
                if (h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After") && !h.getValue().isEmpty()) {
                    retryAfter = h.getValue().get(0);
                }
            }
        }
        throw new WebhookRefused(status == 0 || (status < 300 && refusedInBody) ? 400 : status, retryAfter, reason);
    }

    /** A {@code response_url} answer Slack didn't take: its HTTP status, its Retry-After and its reason. */
    static final class WebhookRefused extends RuntimeException {
        final int status;
        final String retryAfter;
        final String error;

        WebhookRefused(int status, String retryAfter, String error) {
            super("response_url refused: " + error + " (HTTP " + status + ")", null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
            this.error = error;
        }
    }

    /** Waits for a queued call, turning its failure back into the exception it threw. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static final class Lane {
        private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
        private volatile Instant lastPost;
    }
}
