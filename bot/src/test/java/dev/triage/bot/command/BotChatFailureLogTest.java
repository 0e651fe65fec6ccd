package dev.triage.bot.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.triage.adapters.ChatCallFailedException;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.Requester;
import dev.triage.bot.RecordingPort;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A chat platform that refuses the answer (rate limited after its retries) is one WARN line, not a stack trace. */
class BotChatFailureLogTest {
    static final class RateLimited extends ChatCallFailedException {
        RateLimited() {
            super("chat.postEphemeral to C_OPS failed: ratelimited", null);
        }
    }

    final Logger logger = (Logger) LoggerFactory.getLogger(Bot.class);
    final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void listen() {
        seen.start();
        logger.addAppender(seen);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(seen);
        executor.shutdownNow();
    }

    @Test
    void anAnswerThePlatformRefusesIsOneWarningWithoutAStackTrace() {
        RecordingPort refusing = new RecordingPort() {
            @Override
            public void ephemeral(String channel, String userId, Message message) {
                throw new RateLimited();
            }
        };
        Bot bot = new Bot(refusing, executor, new ButtonRouter());
        bot.onCommand(new CommandEvent(new Requester("slack", "U1", "oncall", Set.of()), "C_OPS", "frobnicate", "")).join();

        List<ILoggingEvent> events = seen.list;
        assertEquals(1, events.size(), events.toString());
        assertEquals(Level.WARN, events.get(0).getLevel());
        assertEquals("could not tell U1 about a failed request: chat.postEphemeral to C_OPS failed: ratelimited",
                events.get(0).getFormattedMessage());
        assertNull(events.get(0).getThrowableProxy());
    }
}
