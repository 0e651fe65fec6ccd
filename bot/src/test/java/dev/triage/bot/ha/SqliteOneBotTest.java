package dev.triage.bot.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite serves one bot: a second bot process on the same file is refused at start, and told to use PostgreSQL. */
class SqliteOneBotTest {
    @TempDir
    Path dir;

    private Process bot(Path config, Path log) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.triage.bot.Main",
                "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void aSecondBotOnTheSameSqliteFileIsRefusedNamingPostgresql() throws Exception {
        Path config = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - {name: api, base_url: "http://127.0.0.1:9"}
                probing: {enabled: false}
                adapters:
                  console: {enabled: true}
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(dir.resolve("triage.db")));
        Process first = bot(config, dir.resolve("first.log"));   // its console waits on standard input, kept open
        try {
            Instant end = Instant.now().plusSeconds(30);
            while (!Files.readString(dir.resolve("first.log")).contains("targets from") && Instant.now().isBefore(end)) {
                Thread.sleep(100);
            }
            assertTrue(first.isAlive(), Files.readString(dir.resolve("first.log")));
            Process second = bot(config, dir.resolve("second.log"));
            assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the second bot stopped by itself");
            String said = Files.readString(dir.resolve("second.log"));
            assertEquals(1, second.exitValue(), said);
            assertTrue(said.contains("Another Triage bot (pid " + first.pid() + ") already runs on the SQLite store"), said);
            assertTrue(said.contains("jdbc:postgresql://"), said);
            assertTrue(first.isAlive(), "the first one runs on");
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
