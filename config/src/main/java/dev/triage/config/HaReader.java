package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/**
 * {@code ha:}: the lease several replicas share. Reads through the shared {@link ConfigNodes} of the file's walk:
 * {@code ${VAR}}, one problem sink, the secrets.
 */
final class HaReader extends ConfigNodes {
    HaReader(ConfigNodes shared) {
        super(shared);
    }

    /** {@code ha:} the leader lease of several replicas on PostgreSQL. */
    HaSettings ha(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return HaSettings.defaults();
        }
        if (!node.isObject()) {
            problem("ha", "must be a mapping like {lease_ttl: 10s, renew_every: 3s} (got " + kind(node) + ")");
            return HaSettings.defaults();
        }
        keys(node, "ha", Set.of("lease_ttl", "renew_every", "replica_name"));
        Duration ttl = duration(node, "ha", "lease_ttl");
        Duration renew = duration(node, "ha", "renew_every");
        String name = string(node, "ha", "replica_name", false);
        if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            problem("ha.replica_name", "must be letters, digits, '.', '_' or '-', at most 63 (got " + name + ")");
            name = null;
        }
        try {
            return new HaSettings(ttl, renew, name);
        } catch (IllegalArgumentException e) {
            String path = e.getMessage().startsWith("ha.lease_ttl") ? "ha.lease_ttl" : "ha.renew_every";
            problem(path, e.getMessage().substring(path.length()).strip());
            return HaSettings.defaults();
        }
    }

}
