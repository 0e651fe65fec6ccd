package dev.triage.checks.ssh.parse;

/** Where a port is listening, from the point of view of a client elsewhere. */
public enum PortBinding {
    /** No socket listens on the port. */
    NOT_LISTENING("not-listening"),
    /** Only loopback addresses (127.0.0.1, ::1, or bound to lo): unreachable from outside. */
    LOOPBACK_ONLY("loopback-only"),
    /** A specific non-loopback address such as 10.0.1.5. */
    SPECIFIC_ADDRESS("specific-address"),
    /** 0.0.0.0, :: or *: every interface. */
    ALL_INTERFACES("all-interfaces");

    private final String label;

    PortBinding(String label) {
        this.label = label;
    }

    /** The value used in facts, e.g. {@code listening=loopback-only}. */
    public String label() {
        return label;
    }
}
