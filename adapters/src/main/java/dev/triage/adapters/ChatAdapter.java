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

    /**
     * Takes no more commands or clicks (a bot that is stopping), while what is sent through it still goes out until
     * {@link #close}: Slack's HTTP endpoint stops listening, its Socket Mode session ends, the console reads no further
     * line. Safe to call more than once, and before {@link #close}.
     */
    default void stopReceiving() {
    }

    @Override
    void close();
}
