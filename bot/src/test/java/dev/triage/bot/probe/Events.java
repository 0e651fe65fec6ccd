package dev.triage.bot.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

/** Assertions on the events a state machine or the prober produced. */
final class Events {
    private Events() {
    }

    /** The one event in {@code events}, which must be a {@code type}. */
    static <T extends ProbeEvent> T only(Class<T> type, List<? extends ProbeEvent> events) {
        assertEquals(1, events.size(), () -> "expected one " + type.getSimpleName() + ", got " + events);
        return assertInstanceOf(type, events.get(0));
    }

    static void none(List<? extends ProbeEvent> events) {
        assertEquals(List.of(), events, "expected no event");
    }

    static <T extends ProbeEvent> List<T> ofType(Class<T> type, List<? extends ProbeEvent> events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
