package dev.triage.adapters;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One send of a queued message: the delivery key the platform keeps beside the message (so a sender that
 * died between sending and recording can ask later whether it arrived), and whether this sender may still
 * send it. A port asks {@link #mayProceed} right before every attempt — after waiting out a pace or a
 * Retry-After too — so a replica that was paused past its lease, and whose message another replica has taken
 * over, never sends it a second time.
 */
public record Delivery(String key, BooleanSupplier stillOurs) {
    public Delivery {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(stillOurs, "stillOurs");
    }

    /** A key with no one else to hand the message to (a single process). */
    public static Delivery keyed(String key) {
        return new Delivery(key, () -> true);
    }

    /** Throws {@link DeliveryWithdrawnException} when this sender may no longer send the message. */
    public void mayProceed() {
        if (!stillOurs.getAsBoolean()) {
            throw new DeliveryWithdrawnException("delivery " + key + " was withdrawn: this replica may no longer send it");
        }
    }
}
