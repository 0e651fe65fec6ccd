package dev.triage.checks.action;

import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines and patience of the SSH actions. {@link #defaults()} follows RUNBOOKS.md: restarts get
 * 60 s, the port must listen within 30 s (polled every second), local health gets 5 tries.
 *
 * @param commandDeadline  how long a restart, start, reload or firewall command may run
 * @param buildDeadline    how long {@code compose-recreate} may run ({@code up -d --build} builds images)
 * @param portWithin       how long after the command the service port may take to listen
 * @param pollInterval     how often the port, the unit and the container are polled
 * @param healthTries      local and outside health: how many tries
 * @param healthInterval   the pause between two health tries
 * @param serviceWithin    how long a unit or a container may take to become active / running and healthy
 * @param hostBackWithin   {@code reboot-host}: how long the host may take to answer over SSH again
 * @param hostBackInterval {@code reboot-host}: how often to try SSH meanwhile
 * @param connectTries     {@code firewall-allow}: how many {@code tcp-connect} tries from the bot
 */
public record ActionSettings(Duration commandDeadline, Duration buildDeadline, Duration portWithin,
                             Duration pollInterval, int healthTries, Duration healthInterval, Duration serviceWithin,
                             Duration hostBackWithin, Duration hostBackInterval, int connectTries) {

    public ActionSettings {
        positive("commandDeadline", commandDeadline);
        positive("buildDeadline", buildDeadline);
        positive("portWithin", portWithin);
        notNegative("pollInterval", pollInterval);
        atLeastOne("healthTries", healthTries);
        notNegative("healthInterval", healthInterval);
        positive("serviceWithin", serviceWithin);
        positive("hostBackWithin", hostBackWithin);
        notNegative("hostBackInterval", hostBackInterval);
        atLeastOne("connectTries", connectTries);
    }

    public static ActionSettings defaults() {
        return new ActionSettings(Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(30),
                Duration.ofSeconds(1), 5, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(5), 3);
    }

    Patience portPatience() {
        return Patience.within(portWithin, pollInterval);
    }

    Patience healthPatience() {
        return Patience.tries(healthTries, healthInterval);
    }

    Patience servicePatience() {
        return Patience.within(serviceWithin, pollInterval);
    }

    Patience hostBackPatience() {
        return Patience.within(hostBackWithin, hostBackInterval);
    }

    Patience connectPatience() {
        return Patience.tries(connectTries, pollInterval);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative: " + value);
        }
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }
}
