package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's own answers: help, usage errors (what was wrong, what to do, exit 2) and shell completion. */
class CliUsageTest {
    private static final List<String> COMMANDS = List.of("run", "validate", "check", "diagnose", "runbooks", "action", "audit",
            "probes", "commands", "healthcheck", "completion");

    private static void assertNoStackTrace(CliRun run) {
        String all = run.out() + run.err();
        assertFalse(all.contains("Exception") || all.contains("\tat "), all);
    }

    @Test
    void aUsageErrorNamesWhatWasWrongAndWhereTheHelpIsAndExits2() {
        CliRun missing = CliRun.of("check");
        assertEquals(Cli.USAGE, missing.exit());
        assertEquals("check needs TARGET, e.g. ./triage check prod --config triage.yaml [--json]\n"
                + "Run ./triage check --help for its options.\n", missing.err());
        assertEquals("", missing.out());

        CliRun noValue = CliRun.of("audit", "--config");
        assertEquals(Cli.USAGE, noValue.exit());
        assertTrue(noValue.err().startsWith("--config needs a value, e.g. --config config/examples/triage.yaml\n"), noValue.err());

        CliRun notANumber = CliRun.of("healthcheck", "--port", "eighty");
        assertEquals(Cli.USAGE, notANumber.exit());
        assertTrue(notANumber.err().startsWith("--port must be a number (got eighty)\n"), notANumber.err());

        CliRun extra = CliRun.of("check", "api", "web", "--config", "triage.yaml");
        assertEquals(Cli.USAGE, extra.exit());
        assertTrue(extra.err().startsWith("check takes TARGET only (got also web); usage: ./triage check TARGET --config FILE [--json]"),
                extra.err());

        CliRun both = CliRun.of("action", "api", "restart-service", "--config", "triage.yaml", "--yes", "--dry-run");
        assertEquals(Cli.USAGE, both.exit());
        assertTrue(both.err().startsWith("--yes and --dry-run exclude each other"), both.err());

        CliRun unknown = CliRun.of("--verbose");
        assertEquals(Cli.USAGE, unknown.exit());
        assertTrue(unknown.err().startsWith("Unknown option --verbose"), unknown.err());
        assertTrue(unknown.err().contains("Run ./triage --help for the commands."), unknown.err());
        for (CliRun run : List.of(missing, noValue, notANumber, extra, both, unknown)) {
            assertNoStackTrace(run);
        }
    }

    @Test
    void helpListsEveryCommandWithItsSynopsisAndTheExitCodes() {
        CliRun help = CliRun.of("--help");
        assertEquals(Cli.OK, help.exit());
        for (String c : COMMANDS) {
            assertTrue(help.out().contains("\n  ./triage " + c), c + " in " + help.out());
        }
        assertTrue(help.out().contains("./triage action TARGET ACTION --config FILE (--yes | --dry-run)"), help.out());
        assertTrue(help.out().contains("Exit codes:\n  0   fine"), help.out());
        assertEquals(help.out(), CliRun.of("help").out(), "./triage help is ./triage --help");

        CliRun one = CliRun.of("audit", "--help");
        assertEquals(Cli.OK, one.exit());
        assertTrue(one.out().startsWith("Usage: ./triage audit --config FILE [--since 24h] [--json]"), one.out());
        assertTrue(one.out().contains("--since=DURATION") && one.out().contains("(default: 24h)"), one.out());
        assertEquals(one.out(), CliRun.of("help", "audit").out());
        assertTrue(CliRun.of("check", "-h").out().contains("Exit codes:\n  0   UP\n  1   DEGRADED, DOWN or UNKNOWN"));
    }

    @Test
    void completionPrintsABashScriptThatKnowsEveryCommandAndItsOptions() {
        CliRun run = CliRun.of("completion");
        assertEquals(Cli.OK, run.exit(), run.err());
        String script = run.out();
        assertTrue(script.contains("complete -F _complete_triage"), script);
        for (String c : COMMANDS) {
            assertTrue(script.matches("(?s).*local cmds\\d+=\\(" + c + "\\).*"), c + " in the completion script");
        }
        assertTrue(script.contains("--dry-run") && script.contains("--yes") && script.contains("--since"), script);
        assertFalse(script.contains("demo"), "the hidden demo command is not offered: ./triage alone is the demo");
    }
}
