package dev.triage.bot.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A target's record over a window, as {@code /backend uptime} shows it (document 003's figures).
 *
 * @param downtime            time within the window spent in an outage (an open one counts up to the window's end)
 * @param uptimePercent       100 × (1 − downtime / window)
 * @param incidents           outages overlapping the window
 * @param open                of those, still going on
 * @param recovered           outages that ended within the window
 * @param medianTimeToRecover median length of the recovered outages (whole length, also before the window); empty if none
 * @param shareWithoutPerson  of the recovered outages, the share no person acted on (0..1); empty if none recovered
 * @param response            response time from the stored stats periods; empty when none in the window had a latency
 */
public record UptimeReport(
        Instant from,
        Instant to,
        Duration downtime,
        double uptimePercent,
        int incidents,
        int open,
        int recovered,
        Optional<Duration> medianTimeToRecover,
        Optional<Double> shareWithoutPerson,
        Optional<ResponseTimes> response) {

    public UptimeReport {
        response = response == null ? Optional.empty() : response;
    }

    public Duration window() {
        return Duration.between(from, to);
    }
}
