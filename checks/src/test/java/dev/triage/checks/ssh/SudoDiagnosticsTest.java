package dev.triage.checks.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.ssh.SudoDiagnostics.Refusal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SudoDiagnosticsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sudo: a password is required | PASSWORD_REQUIRED",
            "sudo: a terminal is required to read the password; either use the -S option to read from standard"
                    + " input or configure an askpass helper | TERMINAL_REQUIRED",
            "sudo: sorry, you must have a tty to run sudo | TERMINAL_REQUIRED",
            "deploy is not in the sudoers file.  This incident will be reported. | NOT_ALLOWED",
            "Sorry, user deploy is not allowed to execute '/usr/bin/systemctl restart api' as root on web1. | NOT_ALLOWED",
    })
    void recognisesSudoRefusals(String stderr, Refusal expected) {
        assertEquals(Optional.of(expected), SudoDiagnostics.refusal(failed("sudo -n systemctl restart api", stderr)));
    }

    @Test
    void ignoresOtherFailuresAndSuccesses() {
        assertEquals(Optional.empty(), SudoDiagnostics.refusal(failed("sudo -n systemctl restart api",
                "Job for api.service failed because the control process exited with error code.")));
        assertEquals(Optional.empty(), SudoDiagnostics.refusal(new CommandResult("sudo -n true", 0, "", "",
                Duration.ZERO, false, false)));
    }

    @Test
    void explainsWhichRuleIsMissing() {
        String message = SudoDiagnostics.explain(failed("sudo -n systemctl restart api", "sudo: a password is required"),
                "deploy", "prod").orElseThrow();

        assertTrue(message.startsWith("sudo on prod refused `sudo -n systemctl restart api` for deploy"), message);
        assertTrue(message.contains("deploy ALL=(root) NOPASSWD:"), message);
    }

    private static CommandResult failed(String command, String stderr) {
        return new CommandResult(command, 1, "", stderr + "\n", Duration.ofMillis(5), false, false);
    }
}
