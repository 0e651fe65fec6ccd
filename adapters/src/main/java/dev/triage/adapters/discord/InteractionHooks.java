package dev.triage.adapters.discord;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.utils.TimeUtil;

/**
 * The interactions that can still be answered through their hook. Discord lets a deferred
 * interaction be answered and followed up through its hook for 15 minutes from the moment the
 * interaction was created (its snowflake's time); this keeps each one until then, less a margin
 * for the call itself, by the injected clock.
 *
 * <p>A slash command is deferred as a reply: the first post to its channel answers it (its hook
 * edits the "thinking…" message). A click is deferred as an edit: its hook serves replies only the
 * clicker sees. Messages sent through a hook are remembered so edits can use the hook too.
 */
final class InteractionHooks {
    static final Duration LIFE = Duration.ofMinutes(15);
    static final Duration MARGIN = Duration.ofSeconds(30);

    enum Kind {
        /** A slash command, deferred with {@code deferReply}: it still shows "thinking…" until answered. */
        REPLY,
        /** A button click, deferred with {@code deferEdit}: nothing is shown until the message is edited. */
        EDIT
    }

    /** One deferred interaction. */
    static final class Pending {
        final Kind kind;
        final String channel;
        final String userId;
        final InteractionHook hook;
        final Instant usableUntil;
        private boolean answered;

        private Pending(Kind kind, String channel, String userId, InteractionHook hook, Instant usableUntil) {
            this.kind = kind;
            this.channel = channel;
            this.userId = userId;
            this.hook = hook;
            this.usableUntil = usableUntil;
            this.answered = kind == Kind.EDIT;
        }

        @Override
        public String toString() {
            return kind + " from " + userId + " in " + channel + " until " + usableUntil + (answered ? " (answered)" : "");
        }
    }

    private final InstantSource clock;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<String, Pending> byMessage = new LinkedHashMap<>();

    InteractionHooks(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** When an interaction's hook stops being usable: its creation time plus 15 minutes, less the margin. */
    static Instant usableUntil(long interactionId) {
        return TimeUtil.getTimeCreated(interactionId).toInstant().plus(LIFE).minus(MARGIN);
    }

    synchronized Pending deferred(Kind kind, long interactionId, String channel, String userId, InteractionHook hook) {
        Pending p = new Pending(kind, channel, userId, hook, usableUntil(interactionId));
        prune();
        pending.add(p);
        return p;
    }

    /** The oldest unanswered slash command in {@code channel} whose hook still works, now marked answered. */
    synchronized Optional<Pending> claimReply(String channel) {
        prune();
        for (Pending p : pending) {
            if (p.kind == Kind.REPLY && !p.answered && p.channel.equals(channel)) {
                p.answered = true;
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The latest interaction of {@code userId} in {@code channel} whose hook still works, preferring
     * an unanswered slash command (claimed by this call) over anything already answered.
     */
    synchronized Optional<Claim> forUser(String channel, String userId) {
        prune();
        Pending latest = null;
        for (Pending p : pending) {
            if (p.channel.equals(channel) && p.userId.equals(userId)) {
                if (p.kind == Kind.REPLY && !p.answered) {
                    p.answered = true;
                    return Optional.of(new Claim(p, true));
                }
                latest = p;
            }
        }
        return Optional.ofNullable(latest).map(p -> new Claim(p, false));
    }

    /** A hook handed out, and whether it was the unanswered "thinking…" of a slash command. */
    record Claim(Pending pending, boolean firstAnswer) {
    }

    /** Marks {@code p} answered; true if it was not yet and its hook still works. */
    synchronized boolean settle(Pending p) {
        if (p.answered) {
            return false;
        }
        p.answered = true;
        return clock.instant().isBefore(p.usableUntil);
    }

    /** Remembers that {@code messageId} was sent through {@code p}'s hook, so it can be edited through it. */
    synchronized void sent(String messageId, Pending p) {
        byMessage.put(messageId, p);
    }

    /** The hook {@code messageId} was sent through, while it still works. */
    synchronized Optional<InteractionHook> hookFor(String messageId) {
        prune();
        return Optional.ofNullable(byMessage.get(messageId)).map(p -> p.hook);
    }

    synchronized int size() {
        prune();
        return pending.size();
    }

    private void prune() {
        Instant now = clock.instant();
        pending.removeIf(p -> !now.isBefore(p.usableUntil));
        for (Iterator<Pending> it = byMessage.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().usableUntil)) {
                it.remove();
            }
        }
    }
}
