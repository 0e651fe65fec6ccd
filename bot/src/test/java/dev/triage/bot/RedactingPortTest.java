package dev.triage.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.config.Redactor;
import dev.triage.config.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a platform receives: every part of a message through the redaction filter, private keys across lines too. */
class RedactingPortTest {

    @Test
    void everyPartOfAMessageIsRedactedAndAKeyOverSeveralLinesGoesWhole() {
        Redactor redactor = new Redactor().knowing(List.of(Secret.of("rnd_KnownConfigured1", "store.password")));
        RecordingPort platform = new RecordingPort();
        RedactingPort port = new RedactingPort(platform, redactor);
        port.post("C1", Message.builder("token=abcdef123 in the title").tone(Tone.FAIL)
                .line(Tone.FAIL, "journal", "uvicorn: -----BEGIN RSA PRIVATE KEY-----", null)
                .line(Tone.FAIL, "journal", "MIIEowIBAAKCAQEAplanted", null)
                .line(Tone.FAIL, "journal", "-----END RSA PRIVATE KEY-----", null)
                .line(Tone.INFO, "journal", "after the key, with rnd_KnownConfigured1", "detail xoxb-1234567890-abcdefghij")
                .field("DATABASE_URL", "postgres://app:pw-99x@db/app")
                .footer("Bearer abcdefgh123")
                .build());
        Message sent = platform.posts.get(0);
        assertEquals("token=[redacted] in the title", sent.title());
        assertEquals(List.of("uvicorn: [redacted]", "[redacted]", "[redacted]", "after the key, with [redacted]"),
                sent.lines().stream().map(Message.Line::text).toList());
        assertEquals("detail [redacted]", sent.lines().get(3).detail());
        assertEquals("postgres://[redacted]@db/app", sent.fields().get(0).value());
        assertEquals("Bearer [redacted]", sent.footer());
        assertFalse(sent.toString().contains("MIIEowIBAAKCAQEAplanted"));
    }

    @Test
    void aPictureGoesThroughWithItsAltTextRedactedLikeAnyLine() throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        RecordingPort platform = new RecordingPort();
        new RedactingPort(platform, new Redactor()).post("C1", Message.builder("Uptime chart: prod")
                .image(new Message.Image("uptime-prod-7d.png", "chart of prod token=abcdef123", png.toByteArray())).build());

        Message.Image sent = platform.posts.get(0).image();
        assertEquals("chart of prod token=[redacted]", sent.alt());
        assertEquals("uptime-prod-7d.png", sent.name());
        assertEquals(java.util.Arrays.toString(png.toByteArray()), java.util.Arrays.toString(sent.png()), "the picture itself, unchanged");
    }
}
