package dev.triage.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code type: command} check: a remote command template filled only with the target's configured
 * values ({@link CommandPlaceholders}), and what decides its status — the expected exit status, then
 * regular expressions matched against each line of stdout and stderr.
 *
 * @param run        the template, e.g. {@code systemctl show {unit} -p NRestarts}
 * @param expectExit the exit status it must end with; null accepts any
 * @param okIf       at least one line must match, else FAIL; null when not required
 * @param warnIf     a matching line makes it WARN
 * @param failIf     a matching line makes it FAIL
 * @param timeout    the deadline for the command; null means the target's {@code ssh.command_timeout}
 */
public record CommandCheckSettings(String name, String run, Integer expectExit, Pattern okIf, Pattern warnIf, Pattern failIf,
                                   Duration timeout, String place) implements CustomCheck {
    public CommandCheckSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(run, "run");
        place = place == null ? name : place;
    }
}
