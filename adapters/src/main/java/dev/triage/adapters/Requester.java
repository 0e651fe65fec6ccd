package dev.triage.adapters;

import java.util.Objects;
import java.util.Set;

/**
 * Who sent an event, as the platform told the adapter: user id, a display name for messages, and
 * the platform's role or group ids (Slack user groups, Discord roles) that the core maps to its roles.
 */
public record Requester(String platform, String userId, String displayName, Set<String> platformRoles) {
    public Requester {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(userId, "userId");
        displayName = displayName == null ? userId : displayName;
        platformRoles = platformRoles == null ? Set.of() : Set.copyOf(platformRoles);
    }

    /** How messages mention this person. */
    public String mention() {
        return "@" + displayName;
    }
}
