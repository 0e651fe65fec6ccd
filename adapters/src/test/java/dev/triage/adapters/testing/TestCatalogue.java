package dev.triage.adapters.testing;

import dev.triage.adapters.Catalogue;
import java.util.List;

/** A /backend like the core's, in the catalogue's own terms: what adapter tests register without the core. */
public final class TestCatalogue {
    private TestCatalogue() {
    }

    public static Catalogue of() {
        return new Catalogue(List.of(backend()));
    }

    public static Catalogue.Command backend() {
        return new Catalogue.Command("backend", "ask Triage about your backends", List.of(
                entry("help", "", "this list", false),
                entry("status", "[TARGET]", "run the status checks; without TARGET, every target in one line each", false),
                entry("diagnose", "[TARGET]", "walk the runbook's decision path and name the likely cause, with the fix", false),
                entry("logs", "[TARGET] [LINES]", "the service's last N journal lines", false),
                entry("ports", "[TARGET]", "what listens on the target's host, and on which address", false),
                entry("silence", "TARGET DURATION [REASON]", "no alerts for the target for a while, e.g. 30m", false),
                entry("restart", "TARGET [--dry-run]", "ask for restart-service", true),
                entry("whoami", "", "your roles, and how the config names you", false)));
    }

    private static Catalogue.Entry entry(String name, String synopsis, String help, boolean action) {
        return new Catalogue.Entry(name, help, "everyone", Catalogue.parse(synopsis), action);
    }
}
