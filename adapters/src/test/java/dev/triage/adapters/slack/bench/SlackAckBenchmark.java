package dev.triage.adapters.slack.bench;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.slack.FakeSlackApi;
import dev.triage.adapters.slack.SignedRequests;
import dev.triage.adapters.slack.SlackAdapter;
import dev.triage.adapters.slack.SlackSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ack latency of signed slash commands over HTTP mode: {@code SENDERS} concurrent senders post
 * {@code /backend status} to the adapter (Bolt's signature check, the handler, the ack) while the
 * listener takes {@code WORK} per command in the background. Prints p50/p90/p99/max. Not a test:
 * it asserts nothing, and its figures depend on the machine. See docs/slack.md for how to run it.
 *
 * <p>Arguments (all optional): senders, requests per sender, listener work in ms.
 */
public final class SlackAckBenchmark {

    public static void main(String[] args) throws Exception {
        int senders = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int perSender = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Duration work = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 250);
        System.out.println(run(senders, perSender, work));
    }

    /** Runs the benchmark and returns its report. */
    public static String run(int senders, int perSender, Duration work) throws Exception {
        ExecutorService core = Executors.newVirtualThreadPerTaskExecutor();
        ChatListener slowCore = new ChatListener() {
            @Override
            public CompletableFuture<Void> onCommand(CommandEvent event) {
                return CompletableFuture.runAsync(() -> sleep(work), core);
            }

            @Override
            public CompletableFuture<Void> onButton(ButtonEvent event) {
                return CompletableFuture.completedFuture(null);
            }
        };
        try (FakeSlackApi api = new FakeSlackApi()) {
            SlackAdapter slack = new SlackAdapter(SlackSettings.httpMode("xoxb-bench-0000-bot-token", SignedRequests.SIGNING_SECRET, 0)
                    .withApiBaseUrl(api.baseUrl()));
            try {
                slack.start(slowCore);
                SignedRequests client = new SignedRequests(slack.httpPort(), SlackSettings.DEFAULT_HTTP_PATH, SignedRequests.SIGNING_SECRET);
                measure(client, senders, Math.max(1, perSender / 4)); // warm-up: JIT, connections, the auth.test and user-group caches
                long started = System.nanoTime();
                List<Long> latencies = measure(client, senders, perSender);
                double seconds = (System.nanoTime() - started) / 1e9;
                Collections.sort(latencies);
                return String.format(Locale.ROOT,
                        "Slack HTTP-mode ack latency: %d signed /backend commands from %d concurrent senders "
                                + "(listener works %d ms each, off the ack path)%n"
                                + "  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   max %.2f ms   (%.0f commands/s)",
                        latencies.size(), senders, work.toMillis(),
                        percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
                        latencies.getLast() / 1e6, latencies.size() / seconds);
            } finally {
                slack.close();
                core.shutdownNow();
            }
        }
    }

    private static List<Long> measure(SignedRequests client, int senders, int perSender) throws InterruptedException {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            for (int s = 0; s < senders; s++) {
                String user = "U0SENDER" + s;
                pool.execute(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < perSender; i++) {
                            String body = SignedRequests.slashCommand("C0BENCH" + (i % 5), user, "sender", "/backend", "status prod");
                            long t0 = System.nanoTime();
                            HttpResponse<String> response = client.send(body);
                            long t1 = System.nanoTime();
                            if (response.statusCode() == 200) {
                                latencies.add(t1 - t0);
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " commands were not acknowledged with 200");
        }
        return new ArrayList<>(latencies);
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SlackAckBenchmark() {
    }
}
