package dev.triage.adapters;

/** A send was not attempted because its sender may no longer make it (see {@link Delivery#mayProceed}). */
public final class DeliveryWithdrawnException extends RuntimeException {
    public DeliveryWithdrawnException(String message) {
        super(message, null, false, false);
    }
}
