package dev.triage.adapters;

/** A chat platform: the outbound port plus a lifecycle that delivers inbound events to a listener. */
public interface ChatAdapter extends ChatPort, AutoCloseable {

    /** A short name for logs and {@code /backend help}: {@code console}, {@code slack}, {@code discord}. */
    String name();

    /**
     * Starts delivering events to {@code listener}. May block until the adapter's input ends
     * (the console) or return once connected (Slack, Discord).
     */
    void start(ChatListener listener) throws Exception;

    @Override
    void close();
}
