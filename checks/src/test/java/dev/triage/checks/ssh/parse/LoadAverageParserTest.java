package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LoadAverageParserTest {

    @Test
    void loadavgGivesTheThreeAveragesAndTaskCounts() {
        LoadAverage load = LoadAverageParser.parse(Fixtures.read("loadavg", "idle"));
        assertEquals(0.52, load.one());
        assertEquals(0.25, load.five());
        assertEquals(0.10, load.fifteen());
        assertEquals(89, load.tasks());
        assertEquals(26, load.percentOf(2), 0.01);
    }

    @Test
    void busyHostOnTwoCoresIsOverOneHundredPercent() {
        LoadAverage load = LoadAverageParser.parse(Fixtures.read("loadavg", "busy"));
        assertEquals(193.5, load.percentOf(LoadAverageParser.parseCores(Fixtures.read("nproc", "two-cores"))), 0.01);
    }

    @Test
    void garbageIsRejectedWithTheText() {
        var error = assertThrows(IllegalArgumentException.class, () -> LoadAverageParser.parseCores("zero"));
        assertEquals("nproc printed zero, not a core count", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoadAverageParser.parse("cat: /proc/loadavg: No such file"));
    }
}
