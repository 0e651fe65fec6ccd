package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.bot.incident.IncidentStore;
import dev.triage.bot.store.Database;
import dev.triage.bot.store.Ids;
import dev.triage.config.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./triage uptime}: {@code /backend uptime}'s figures from the store, as text or JSON; bad input gets a clear line. */
class UptimeCliTest {
    @TempDir
    Path dir;

    /** A config whose store holds a day of api's minutes and one 6-minute incident that recovered by itself. */
    private Path configWithHistory() throws Exception {
        Path db = dir.resolve("uptime.db");
        Path file = Files.writeString(dir.resolve("triage.yaml"), """
                targets:
                  - name: api
                    base_url: http://127.0.0.1:9
                  - name: web
                    base_url: http://127.0.0.1:9
                store: {url: "jdbc:sqlite:%s"}
                """.formatted(db));
        Instant now = Instant.now();
        try (Database store = Database.open(new StoreSettings("jdbc:sqlite:" + db, null, null))) {
            IncidentStore incidents = new IncidentStore(store, new Ids());
            for (int minute = 24 * 60; minute >= 1; minute--) {
                incidents.saveAggregate("api", now.minus(Duration.ofMinutes(minute)), "UP", 2L * (24 * 60 - minute), 0, 40L, 90L);
            }
            Instant down = now.minus(Duration.ofHours(5));
            var opened = incidents.open("api", "C_INC", down, down.plusSeconds(60), "http-health → 503", 3);
            incidents.resolve(opened.incident().id(), down.plus(Duration.ofMinutes(6)));
        }
        return file;
    }

    @Test
    void jsonCarriesEveryFigureBesideItsGoal() throws Exception {
        CliRun run = CliRun.of("uptime", "api", "--window", "7d", "--json", "--config", configWithHistory().toString());

        assertEquals(0, run.exit(), run.err());
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertEquals("api", doc.get("target").asText());
        assertEquals("7d", doc.get("window").asText());
        assertEquals(1, doc.get("incidents").asInt());
        assertEquals(360, doc.get("time_to_recover_median_seconds").asInt());
        assertEquals(1.0, doc.get("recovered_without_person_share").asDouble());
        assertEquals(100 * (1 - 6.0 / (7 * 24 * 60)), doc.get("uptime_percent").asDouble(), 0.001);
        assertEquals(40, doc.get("response_time").get("p50_ms").asInt());
        assertEquals(90, doc.get("response_time").get("p95_ms").asInt());
        assertEquals(24 * 60, doc.get("response_time").get("stored_minutes").asInt());
        assertEquals("[uptime met, response_time_p50 no data, response_time_p95 met, incidents no data, "
                        + "time_to_recover_median missed, recovered_without_person met]",
                java.util.stream.StreamSupport.stream(doc.get("goals").spliterator(), false)
                        .map(g -> g.get("figure").asText() + " " + g.get("verdict").asText()).toList().toString(),
                "6 min to recover misses the 5 min goal");
    }

    @Test
    void textIsTheChatReportAndAllTargetsIsTheDefault() throws Exception {
        Path file = configWithHistory();
        CliRun one = CliRun.of("uptime", "api", "--config", file.toString());
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().contains("api — last 7d: 99.940 % up · 1 incident · time to recover 6 min median · 1 goal missed"), one.out());
        assertTrue(one.out().matches("(?s).*Time to recover \\(median\\) +6 min +· +goal 5 min +· +missed.*"), one.out());

        CliRun all = CliRun.of("uptime", "--config", file.toString());
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().contains("All targets — last 7d:"), all.out());
    }

    @Test
    void aBadWindowOrTargetIsOneClearLineAndExit2() throws Exception {
        Path file = configWithHistory();
        CliRun window = CliRun.of("uptime", "api", "--window", "90d", "--config", file.toString());
        assertEquals(2, window.exit());
        assertTrue(window.err().startsWith("\"90d\" isn't a window Triage can show: write 7d or 30d"), window.err());

        CliRun target = CliRun.of("uptime", "apu", "--config", file.toString());
        assertEquals(2, target.exit());
        assertTrue(target.err().startsWith("No target named \"apu\" in the config — did you mean api? Targets: api, web."), target.err());

        CliRun two = CliRun.of("uptime", "api", "web", "--config", file.toString());
        assertEquals(2, two.exit());
        assertTrue(two.err().contains("One target at a time, e.g. ./triage uptime api 7d"), two.err());
        assertTrue(!(window.err() + target.err() + two.err()).contains("Exception"), "no stack trace");
    }
}
