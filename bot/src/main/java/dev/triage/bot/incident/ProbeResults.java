package dev.triage.bot.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.bot.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A probe result as the store keeps it inside a target's streak: a small JSON object. */
final class ProbeResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProbeResults() {
    }

    static String toJson(ProbeResult r) {
        if (r == null) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("at", r.at().toEpochMilli());
        o.put("ok", r.ok());
        o.put("latency_ms", r.latency().toMillis());
        o.put("check", r.failingCheck());
        o.put("summary", r.summary());
        r.evidence().forEach(o.putArray("evidence")::add);
        return o.toString();
    }

    /** Null for null or for what can't be read back (an older format): the streak then starts its run afresh. */
    static ProbeResult fromJson(String target, String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode o = JSON.readTree(json);
            List<String> evidence = new ArrayList<>();
            o.path("evidence").forEach(e -> evidence.add(e.asText()));
            boolean ok = o.path("ok").asBoolean();
            return new ProbeResult(target, Instant.ofEpochMilli(o.path("at").asLong()), ok, Duration.ofMillis(o.path("latency_ms").asLong()),
                    ok ? null : o.path("check").asText("probe"), o.path("summary").asText(""), evidence);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
