package dev.triage.bot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.triage.config.Redactor;

/**
 * The redaction step in front of an encoder (Logback's pattern layout or logstash-logback-encoder's JSON): the
 * encoder formats a {@link RedactedEvent}, never the event as logged.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;
    private final Redactor redactor;
    private final boolean oneLine;

    /** @param oneLine whether line breaks in a message are escaped (plain lines; JSON escapes them itself) */
    RedactingEncoder(Encoder<ILoggingEvent> encoder, Redactor redactor, boolean oneLine) {
        this.encoder = encoder;
        this.redactor = redactor;
        this.oneLine = oneLine;
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return encoder.encode(new RedactedEvent(event, redactor, oneLine));
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }

    @Override
    public void start() {
        encoder.start();
        super.start();
    }

    @Override
    public void stop() {
        encoder.stop();
        super.stop();
    }
}
