package dev.triage.checks.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteCommandTest {

    private static final Duration KILL_AFTER = Duration.ofSeconds(2);

    @Test
    void wrapsTheCommandInTimeoutWithTheDeadlineRoundedUpToWholeSeconds() {
        RemoteCommand command = new RemoteCommand("systemctl is-active api", Duration.ofMillis(2500), KILL_AFTER);

        assertEquals("timeout --kill-after=2 3 sh -c 'systemctl is-active api'", command.wrapped());
        assertEquals(Duration.ofSeconds(3), command.remoteDeadline());
    }

    @Test
    void givesASubSecondDeadlineOneWholeSecond() {
        assertEquals("timeout --kill-after=2 1 sh -c 'true'",
                new RemoteCommand("true", Duration.ofMillis(10), KILL_AFTER).wrapped());
    }

    @Test
    void escapesSingleQuotesSoTheCommandReachesShUnchanged() {
        RemoteCommand command = new RemoteCommand("echo 'it'\"'\"'s'", Duration.ofSeconds(1), KILL_AFTER);

        assertEquals("timeout --kill-after=2 1 sh -c 'echo '\\''it'\\''\"'\\''\"'\\''s'\\'''", command.wrapped());
    }

    @Test
    void refusesABlankCommandANulAndANonPositiveDeadline() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteCommand(" ", Duration.ofSeconds(1), KILL_AFTER));
        assertThrows(IllegalArgumentException.class, () -> new RemoteCommand("a\0b", Duration.ofSeconds(1), KILL_AFTER));
        assertThrows(IllegalArgumentException.class, () -> new RemoteCommand("true", Duration.ZERO, KILL_AFTER));
        assertThrows(IllegalArgumentException.class, () -> new RemoteCommand("true", Duration.ofSeconds(-1), KILL_AFTER));
    }
}
