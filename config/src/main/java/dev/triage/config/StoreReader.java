package dev.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * {@code store:}: where the bot keeps what it must not forget. Reads through the shared {@link ConfigNodes} of the
 * file's walk: {@code ${VAR}}, one problem sink, the secrets.
 */
final class StoreReader extends ConfigNodes {
    StoreReader(ConfigNodes shared) {
        super(shared);
    }

    StoreSettings store(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return StoreSettings.defaults();
        }
        if (!node.isObject()) {
            problem("store", "must be a mapping like {url: jdbc:sqlite:triage-data/triage.db} (got " + kind(node) + ")");
            return null;
        }
        keys(node, "store", Set.of("url", "user", "password"));
        String url = string(node, "store", "url", false);
        if (url == null) {
            url = StoreSettings.DEFAULT_URL;
        } else if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
            problem("store.url", "must be jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB (got " + url + ")");
            return null;
        }
        String user = string(node, "store", "user", false);
        Secret password = node.has("password") ? secret(node, "store", "password") : null;
        return new StoreSettings(url, user, password);
    }

}
