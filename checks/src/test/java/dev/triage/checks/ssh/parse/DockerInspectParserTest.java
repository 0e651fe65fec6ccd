package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerInspectParserTest {

    @Test
    void formattedNameAndRestartCountIsRead() {
        assertEquals(Map.of("app-backend-1", 7),
                DockerInspectParser.restartCounts(Fixtures.read("docker-inspect", "format-restart-count-seven")));
        assertEquals(Map.of("app-backend-1", 0),
                DockerInspectParser.restartCounts(Fixtures.read("docker-inspect", "format-restart-count-zero")));
    }

    @Test
    void fullInspectJsonGivesRestartCount() {
        assertEquals(Map.of("app-backend-1", 12),
                DockerInspectParser.restartCounts(Fixtures.read("docker-inspect", "full-json-excerpt")));
    }
}
