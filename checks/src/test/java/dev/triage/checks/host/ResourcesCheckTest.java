package dev.triage.checks.host;

import static dev.triage.checks.ssh.CommandTemplates.CORES;
import static dev.triage.checks.ssh.CommandTemplates.DISK;
import static dev.triage.checks.ssh.CommandTemplates.LOAD;
import static dev.triage.checks.ssh.CommandTemplates.MEMORY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.config.Service;
import dev.triage.config.Thresholds;
import org.junit.jupiter.api.Test;

class ResourcesCheckTest {

    private static HostScenario host(String free, String df, String loadavg) {
        return HostScenario.ec2().givenFixture(MEMORY, "free", free).givenFixture(DISK, "df", df)
                .givenFixture(LOAD, "loadavg", loadavg).givenFixture(CORES, "nproc", "two-cores");
    }

    @Test
    void idleHostIsOk() {
        CheckResult result = host("procps-4", "posix", "idle").run(ResourcesCheck::new);
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals("memory 2 % used, load 26 % of 2 cores, fullest disk / 22 %", result.summary());
        assertEquals("2", result.fact("cores"));
    }

    @Test
    void memoryPressureLoadAndFullRootAreAllNamed() {
        CheckResult result = host("procps-3.3.17-memory-pressure", "root-almost-full", "busy").run(ResourcesCheck::new);
        assertEquals(Status.FAIL, result.status());
        assertTrue(result.summary().contains("memory 96 % used (over 80 %)"), result.summary());
        assertTrue(result.summary().contains("load 3.87 on 2 cores = 194 % (over 70 %)"), result.summary());
        assertTrue(result.summary().contains("/ 95 % full (over 90 %)"), result.summary());
        assertTrue(!result.summary().contains("/snap"), "snap images are always 100 % and not judged");
        assertEquals(3, result.evidence().size());
    }

    @Test
    void thresholdsComeFromTheTargetsService() {
        CheckResult byDefault = host("procps-3.3.9-old-layout", "posix", "idle").run(ResourcesCheck::new);
        assertEquals(Status.FAIL, byDefault.status(), byDefault.summary());
        assertTrue(byDefault.fact("short").contains("(over 80 %)"), byDefault.fact("short"));

        Service roomier = withThresholds(new Thresholds(85, 70, 90));
        CheckResult result = new HostScenario(HostScenario.target(HostScenario.ssh(), roomier))
                .givenFixture(MEMORY, "free", "procps-3.3.9-old-layout").givenFixture(DISK, "df", "posix")
                .givenFixture(LOAD, "loadavg", "idle").givenFixture(CORES, "nproc", "two-cores").run(ResourcesCheck::new);
        assertEquals(Status.OK, result.status(), result.summary());
        assertThrows(IllegalArgumentException.class, () -> new Thresholds(120, 70, 90));
    }

    private static Service withThresholds(Thresholds thresholds) {
        Service s = HostScenario.systemdService(8000, true);
        return new Service(s.kind(), s.unit(), s.port(), s.mustBeReachable(), s.envFile(), s.requiredEnv(), s.composeDir(),
                s.composeService(), s.readyMarker(), s.nginx(), s.journalLines(), s.commands(), thresholds);
    }

    @Test
    void unreadableOutputIsError() {
        var host = HostScenario.ec2().given(MEMORY, 0, "total: n/a\n").given(DISK, 0, "").given(LOAD, 0, "").given(CORES, 0, "");
        CheckResult result = host.run(ResourcesCheck::new);
        assertEquals(Status.ERROR, result.status());
        assertTrue(result.summary().contains("printed no memory figures"), result.summary());
    }

    @Test
    void targetWithoutSshIsSkipped() {
        var host = new HostScenario(HostScenario.target(null, null));
        assertEquals(Status.SKIPPED, host.run(ResourcesCheck::new).status());
    }
}
