package dev.triage.bot;

import dev.triage.adapters.ChatAdapter;
import dev.triage.bot.approval.Approvals;
import dev.triage.bot.command.Bot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a running bot stops (SIGTERM, Ctrl-C, or its console's input ending), in this order, each step bounded so that
 * the whole fits Kubernetes' 30 s termination grace:
 * <ol>
 *   <li>it takes no new commands or clicks: Slack's endpoint stops listening (or its Socket Mode session ends), the
 *       console reads no further line; {@code /readyz} says it is stopping;</li>
 *   <li>probing stops, and the leader's other duties with it (the Discord session);</li>
 *   <li>the commands and actions already running get {@link Budget#commands} to finish, with their answers and
 *       outcomes;</li>
 *   <li>an action still running then is interrupted (render-restart resumes the service at once, an SSH command is
 *       cut off) and gets {@link Budget#interrupted} to end with its own outcome, or is recorded INTERRUPTED — on its
 *       card too;</li>
 *   <li>the outbox is delivered for up to {@link Budget#outbox}; what Slack won't take by then stays queued for the next
 *       leader or the next start, nothing is lost;</li>
 *   <li>the lease is given up, so another replica leads at once.</li>
 * </ol>
 */
final class GracefulStop {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);
    /** After the interrupted actions' threads have ended: how long their commands get to hand their last answer in. */
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);

    /** How long each bounded step may take. */
    record Budget(Duration commands, Duration interrupted, Duration outbox) {
        /** 10 + 3 (+ 1) + 8 s: 22 s, inside Kubernetes' 30 s with room for the lease and the store's closing. */
        static final Budget DEFAULT = new Budget(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(8));

        Budget {
            Objects.requireNonNull(commands, "commands");
            Objects.requireNonNull(interrupted, "interrupted");
            Objects.requireNonNull(outbox, "outbox");
        }

        /** The longest the bounded steps take together. */
        Duration total() {
            return commands.plus(interrupted).plus(AFTER_INTERRUPT).plus(outbox);
        }
    }

    private final List<ChatAdapter> adapters;
    private final List<Bot> bots;
    private final Approvals approvals;
    private final Wiring.Monitoring monitoring;
    private final Budget budget;

    /** @param monitoring null when it never started */
    GracefulStop(List<ChatAdapter> adapters, List<Bot> bots, Approvals approvals, Wiring.Monitoring monitoring, Budget budget) {
        this.adapters = List.copyOf(adapters);
        this.bots = List.copyOf(bots);
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.monitoring = monitoring;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** Runs the steps; {@code why} says what asked for the stop, for the log. */
    void stop(String why) {
        long start = System.nanoTime();
        for (ChatAdapter a : adapters) {
            quietly("stop taking commands on " + a.name(), a::stopReceiving);
        }
        int running = bots.stream().mapToInt(Bot::inFlight).sum();
        log.info("Triage is stopping ({}): it takes no new commands; {}", why, running == 0 ? "none was running"
                : (running == 1 ? "the 1 still running (a command, a click or its action) has" : "the " + running
                + " still running (commands, clicks, their actions) have") + " up to " + budget.commands().toSeconds() + " s to finish");
        if (monitoring != null) {
            quietly("stop probing", monitoring::stopDuties);
        }
        int left = awaitIdle(budget.commands());
        List<String> interrupted = List.of();
        if (left > 0 && approvals.runningHere() > 0) {
            log.warn("Triage is stopping: {} still running after {} s; interrupting the actions among them", left,
                    budget.commands().toSeconds());
            interrupted = approvals.interruptRunning(budget.interrupted());
            left = awaitIdle(AFTER_INTERRUPT);
        }
        int queued = -1;
        if (monitoring != null) {
            queued = monitoring.drain(budget.outbox());
            quietly("give the lease up", monitoring::release);
        }
        List<String> said = new ArrayList<>();
        said.add(interrupted.isEmpty() ? "every command and action had ended" : String.join(", ", interrupted) + " interrupted");
        if (left > 0) {
            said.add(left + " command" + (left == 1 ? "" : "s") + " still running were cut off");
        }
        said.add(queued == 0 ? "the outbox is empty" : queued < 0 ? "what the outbox holds is unknown (the store didn't answer)"
                : queued + (queued == 1 ? " message" : " messages") + " left in the outbox for the next leader or this bot's next start");
        log.info("Triage stopped cleanly in {} s: {}", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                String.join("; ", said));
    }

    private int awaitIdle(Duration within) {
        long end = System.nanoTime() + within.toNanos();
        int left = 0;
        for (Bot b : bots) {
            left += b.awaitIdle(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        }
        return left;
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("Triage is stopping: could not {}: {}", what, e.toString());
        }
    }
}
