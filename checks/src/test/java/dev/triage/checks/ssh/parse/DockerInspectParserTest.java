package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerInspectParserTest {

    @Test
    void readsStateHealthRestartsPolicyAndLimits() {
        ContainerInspection c = DockerInspectParser.containers(Fixtures.read("docker-inspect", "running-healthy-limits")).get(0);
        assertEquals(new ContainerInspection("app-backend-1", "running", "healthy", "{\"status\":\"ok\"}", 0, false, 0,
                "unless-stopped", "curl -f http://localhost:8000/health", Duration.ofSeconds(30), 512L << 20, 1.0), c);
    }

    @Test
    void anExcerptWithoutHostConfigStillGivesStateAndRestarts() {
        ContainerInspection c = DockerInspectParser.containers(Fixtures.read("docker-inspect", "full-json-excerpt")).get(0);
        assertEquals("restarting", c.status());
        assertEquals(12, c.restartCount());
        assertEquals("", c.healthcheck());
        assertEquals(true, c.restartsNever());
    }

    @Test
    void noContainersIsAnEmptyListAndOtherOutputIsRefused() {
        assertEquals(List.of(), DockerInspectParser.containers("[]\n"));
        assertThrows(IllegalArgumentException.class, () -> DockerInspectParser.containers("Error: No such object: abc\n"));
        assertThrows(IllegalArgumentException.class, () -> DockerInspectParser.containers("{\"Id\": 1}"));
    }
}
