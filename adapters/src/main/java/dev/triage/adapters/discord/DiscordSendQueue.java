package dev.triage.adapters.discord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Outbound calls, one queue per channel: a call starts only when the channel's previous one has
 * finished, so messages, thread replies and edits land in the order they were handed in. Calls are
 * chained on the futures JDA completes, so no thread waits in the queue and JDA's event thread is
 * never blocked; JDA itself keeps to Discord's per-route rate limits and retries what it should.
 */
final class DiscordSendQueue implements AutoCloseable {
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile dev.triage.adapters.ApiCalls calls = dev.triage.adapters.ApiCalls.NONE;

    /** Where each call's end is counted (JDA retries 429s itself, so a call is counted once, as it ended). */
    void reportingCallsTo(dev.triage.adapters.ApiCalls calls) {
        this.calls = java.util.Objects.requireNonNull(calls, "calls");
    }

    /** Queues {@code call} behind everything already queued for {@code channel}. */
    <T> CompletableFuture<T> submit(String channel, String operation, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> next;
        synchronized (tails) {
            CompletableFuture<?> tail = tails.getOrDefault(channel, CompletableFuture.completedFuture(null));
            next = tail.handle((ignored, failure) -> null).thenCompose(ignored -> {
                if (closed) {
                    return CompletableFuture.failedFuture(
                            new DiscordCallFailedException(operation, channel, "the Discord adapter is closed", null));
                }
                try {
                    return call.get().exceptionally(failure -> {
                        throw DiscordCallFailedException.of(operation, channel, failure);
                    });
                } catch (RuntimeException e) { // JDA checks permissions and limits as it builds a request
                    return CompletableFuture.failedFuture(DiscordCallFailedException.of(operation, channel, e));
                }
            });
            tails.put(channel, next);
        }
        CompletableFuture<T> queued = next;
        queued.whenComplete((ok, failure) -> {
            tails.remove(channel, queued);
            calls.called("discord", operation, failure == null ? "ok" : "error");
        });
        return queued;
    }

    /** Waits for a queued call at most {@code deadline}, turning its failure back into the exception it threw. */
    static <T> T await(CompletableFuture<T> future, Duration deadline, String operation, String channel) {
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw DiscordCallFailedException.of(operation, channel, e);
        } catch (TimeoutException e) {
            throw new DiscordCallFailedException(operation, channel, "no answer from Discord within " + deadline.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscordCallFailedException(operation, channel, "interrupted", e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
