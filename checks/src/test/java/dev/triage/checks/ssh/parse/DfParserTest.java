package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DfParserTest {

    @Test
    void everyMountIsReadWithItsPercentUsed() {
        List<DiskUsage> disks = DfParser.parse(Fixtures.read("df", "posix"));
        DiskUsage root = disks.stream().filter(d -> d.mount().equals("/")).findFirst().orElseThrow();
        assertEquals(22, root.usedPercent());
        assertEquals("/dev/vda", root.filesystem());
    }

    @Test
    void snapImagesAndTmpfsArePseudoAndTheFullRootIsNot() {
        List<DiskUsage> disks = DfParser.parse(Fixtures.read("df", "root-almost-full"));
        assertEquals(8, disks.size());
        List<DiskUsage> real = disks.stream().filter(d -> !d.isPseudo()).toList();
        assertEquals(List.of("/", "/boot/efi"), real.stream().map(DiskUsage::mount).toList());
        assertEquals(95, real.get(0).usedPercent());
        assertTrue(disks.stream().anyMatch(d -> d.usedPercent() == 100 && d.isPseudo()));
    }
}
