package dev.triage.checks.ssh;

import java.util.Locale;
import java.util.Optional;

/**
 * Recognises sudo refusing a command. Triage runs privileged commands as {@code sudo -n …}, so a
 * missing sudoers rule fails at once instead of waiting on a password prompt; this turns sudo's
 * terse stderr into a message that says which rule is missing.
 */
public final class SudoDiagnostics {

    /** Why sudo refused. */
    public enum Refusal {
        /** No NOPASSWD rule: {@code sudo: a password is required}. */
        PASSWORD_REQUIRED,
        /** sudo wanted to prompt: {@code a terminal is required}, {@code you must have a tty}, {@code no tty present}. */
        TERMINAL_REQUIRED,
        /** The user may not run it at all: {@code is not in the sudoers file}, {@code is not allowed to execute}. */
        NOT_ALLOWED
    }

    private SudoDiagnostics() {
    }

    /** Why sudo refused {@code result}'s command; empty when it succeeded or failed for another reason. */
    public static Optional<Refusal> refusal(CommandResult result) {
        if (result.exitStatus() == 0) {
            return Optional.empty();
        }
        for (String line : result.stderr().lines().toList()) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("sudo:") && l.contains("a password is required")) {
                return Optional.of(Refusal.PASSWORD_REQUIRED);
            }
            if (l.startsWith("sudo:") && (l.contains("a terminal is required") || l.contains("must have a tty")
                    || l.contains("no tty present"))) {
                return Optional.of(Refusal.TERMINAL_REQUIRED);
            }
            if (l.contains("is not in the sudoers file") || (l.startsWith("sorry, user ")
                    && (l.contains("is not allowed to execute") || l.contains("may not run sudo")))) {
                return Optional.of(Refusal.NOT_ALLOWED);
            }
        }
        return Optional.empty();
    }

    /**
     * A message for people when sudo refused, e.g. {@code sudo on prod refused `sudo -n systemctl restart
     * api` for deploy: …}; empty otherwise.
     *
     * @param user the SSH user
     * @param host where it ran, as people know it (target name or host)
     */
    public static Optional<String> explain(CommandResult result, String user, String host) {
        return refusal(result).map(refusal -> {
            String what = "sudo on " + host + " refused `" + result.command() + "` for " + user + ": ";
            return what + switch (refusal) {
                case PASSWORD_REQUIRED, TERMINAL_REQUIRED -> "it wants a password, and Triage never types one. Add a"
                        + " sudoers rule for exactly this command, e.g. in /etc/sudoers.d/triage: `" + user
                        + " ALL=(root) NOPASSWD: <full path of the command and its arguments>`.";
                case NOT_ALLOWED -> user + " may not run it with sudo. Add a NOPASSWD sudoers rule for exactly this"
                        + " command (/etc/sudoers.d/triage), or use a user that has one.";
            };
        });
    }
}
