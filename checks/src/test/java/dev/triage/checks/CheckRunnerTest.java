package dev.triage.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.config.Target;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckRunnerTest {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CheckRunner runner = new CheckRunner(executor, InstantSource.system());
    private final Target target = new Target("t", URI.create("http://127.0.0.1:1"), null, null, null,
            Duration.ofMillis(100), null, null, null, null, null, null);

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    private static Check check(String id, java.util.function.Supplier<CheckResult> body) {
        return new Check() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public CheckResult run(Target t) {
                return body.get();
            }
        };
    }

    @Test
    void checksRunConcurrentlyNotOneAfterAnother() {
        // Each check waits until all three have started: run one after another, none would ever finish.
        CountDownLatch allStarted = new CountDownLatch(3);
        List<Check> checks = List.of("a", "b", "c").stream().map(id -> check(id, () -> {
            allStarted.countDown();
            try {
                boolean together = allStarted.await(5, TimeUnit.SECONDS);
                return CheckResult.of(id, together ? Status.OK : Status.FAIL, together ? "ran together" : "ran alone", List.of());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        List<CheckResult> results = new CheckRunner(executor, InstantSource.system())
                .runAll(new Target("t", URI.create("http://127.0.0.1:1"), null, null, null, Duration.ofSeconds(10),
                        null, null, null, null, null, null), checks);
        assertEquals(List.of("a", "b", "c"), results.stream().map(CheckResult::checkId).toList());
        assertTrue(results.stream().allMatch(r -> r.status() == Status.OK), results::toString);
    }

    @Test
    void aCheckThatOverrunsItsDeadlineBecomesAnError() {
        CountDownLatch never = new CountDownLatch(1);
        Check hanging = check("hangs", () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CheckResult.of("hangs", Status.OK, "late", List.of());
        });
        Check quick = check("quick", () -> CheckResult.of("quick", Status.OK, "fine", List.of()));
        List<CheckResult> results = runner.runAll(target, List.of(hanging, quick));
        assertEquals(Status.ERROR, results.get(0).status());
        assertEquals("did not finish within " + CheckRunner.deadlineFor(target).toMillis() + " ms; gave up", results.get(0).summary());
        assertEquals(Status.OK, results.get(1).status());
        never.countDown();
    }

    @Test
    void aCrashingCheckBecomesAnErrorAndTheOthersStillReport() {
        Check crashing = check("crashes", () -> {
            throw new IllegalStateException("parser bug");
        });
        Check fine = check("fine", () -> CheckResult.of("fine", Status.OK, "fine", List.of()));
        List<CheckResult> results = runner.runAll(target, List.of(crashing, fine));
        assertEquals(Status.ERROR, results.get(0).status());
        assertEquals("could not run: IllegalStateException: parser bug", results.get(0).summary());
        assertEquals(Status.OK, results.get(1).status());
    }

    @Test
    void progressIsReportedOncePerCheckAsResultsArrive() {
        List<String> seen = new CopyOnWriteArrayList<>();
        runner.runAll(target, List.of(
                check("a", () -> CheckResult.of("a", Status.OK, "a", List.of())),
                check("b", () -> CheckResult.of("b", Status.FAIL, "b", List.of()))), r -> seen.add(r.checkId()));
        assertEquals(2, seen.size());
        assertTrue(seen.containsAll(List.of("a", "b")));
    }

    @Test
    void checksAskedForAfterThePoolShutDownAreErrorsThatSaySoNotAnException() {
        executor.shutdownNow();
        List<CheckResult> results = runner.runAll(target, List.of(check("a", () -> CheckResult.of("a", Status.OK, "ran", List.of())),
                check("b", () -> CheckResult.of("b", Status.OK, "ran", List.of()))));
        assertEquals(List.of(Status.ERROR, Status.ERROR), results.stream().map(CheckResult::status).toList());
        assertEquals("not run: Triage is stopping", results.get(0).summary());
    }
}
