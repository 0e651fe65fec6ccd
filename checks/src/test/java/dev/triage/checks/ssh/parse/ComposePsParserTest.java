package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComposePsParserTest {

    @Test
    void olderComposeJsonArrayIsRead() {
        List<ComposeContainer> containers = ComposePsParser.parse(Fixtures.read("compose-ps", "array-v2.12-running-healthy"));
        assertEquals(2, containers.size());
        ComposeContainer backend = containers.get(0);
        assertEquals("backend", backend.service());
        assertEquals("running", backend.state());
        assertEquals("healthy", backend.health());
        assertEquals("", containers.get(1).health());
    }

    @Test
    void newerOneObjectPerLineIsReadWithExitCode() {
        List<ComposeContainer> containers = ComposePsParser.parse(Fixtures.read("compose-ps", "lines-v2.24-exited"));
        assertEquals(2, containers.size());
        assertEquals("exited", containers.get(0).state());
        assertEquals(1, containers.get(0).exitCode());
        assertEquals("Exited (1) 3 minutes ago", containers.get(0).status());
    }

    @Test
    void restartingUnhealthyAndStartingStatesAreKept() {
        assertEquals("restarting", ComposePsParser.parse(Fixtures.read("compose-ps", "lines-v2.24-restarting")).get(0).state());
        assertEquals("unhealthy", ComposePsParser.parse(Fixtures.read("compose-ps", "lines-v2.24-unhealthy")).get(0).health());
        assertEquals("starting", ComposePsParser.parse(Fixtures.read("compose-ps", "lines-v2.24-starting")).get(0).health());
    }

    @Test
    void emptyOutputIsNoContainersAndProseIsAnError() {
        assertTrue(ComposePsParser.parse("\n").isEmpty());
        var error = assertThrows(IllegalArgumentException.class,
                () -> ComposePsParser.parse(Fixtures.read("compose-ps", "no-compose-file")));
        assertTrue(error.getMessage().contains("line 1"));
    }
}
