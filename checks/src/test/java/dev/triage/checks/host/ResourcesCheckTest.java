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
    void thresholdsAreConstructorParameters() {
        CheckResult result = host("procps-3.3.9-old-layout", "posix", "idle")
                .run((shell, t) -> new ResourcesCheck(shell, t, 85, 70, 90));
        assertEquals(Status.OK, result.status(), result.summary());
        assertEquals(Status.FAIL, host("procps-3.3.9-old-layout", "posix", "idle").run(ResourcesCheck::new).status());
        assertThrows(IllegalArgumentException.class, () -> new ResourcesCheck(new FakeRemoteShell(),
                new dev.triage.checks.ssh.CommandTemplates(), 120, 70, 90));
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
