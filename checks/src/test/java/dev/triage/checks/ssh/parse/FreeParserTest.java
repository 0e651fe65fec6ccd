package dev.triage.checks.ssh.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FreeParserTest {

    @Test
    void currentLayoutUsesTheAvailableColumn() {
        MemoryUsage memory = FreeParser.parse(Fixtures.read("free", "procps-4"));
        assertEquals(25276510208L, memory.total());
        assertEquals(24834703360L, memory.available());
        assertEquals(1.7, memory.usedPercent(), 0.1);
    }

    @Test
    void smallHostUnderMemoryPressureIsOverEightyPercent() {
        MemoryUsage memory = FreeParser.parse(Fixtures.read("free", "procps-3.3.17-memory-pressure"));
        assertEquals(96.4, memory.usedPercent(), 0.1);
    }

    @Test
    void oldLayoutUsesTheBuffersCacheLine() {
        MemoryUsage memory = FreeParser.parse(Fixtures.read("free", "procps-3.3.9-old-layout"));
        assertEquals(1480638464L, memory.available());
        assertEquals(81.9, memory.usedPercent(), 0.1);
    }

    @Test
    void outputWithoutMemLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FreeParser.parse("free: command not found"));
    }
}
