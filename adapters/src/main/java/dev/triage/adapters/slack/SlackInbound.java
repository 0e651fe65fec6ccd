package dev.triage.adapters.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Requester;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands and button clicks, from Bolt to the core. Each handler acknowledges at once and
 * hands the event to a worker: looking up the user's groups and running the listener never
 * delay the ack Slack wants within 3 seconds. A failing listener is logged, never rethrown.
 */
final class SlackInbound implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackInbound.class);
    static final String PLATFORM = "slack";

    private final UserGroupDirectory groups;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("slack-inbound-", 0).factory());
    private final java.util.function.Predicate<String> answersThrough;
    private volatile ChatListener listener;

    /** @param answersThrough whether a request's {@code response_url} may be used (see {@link SlackSettings#answersThrough}) */
    SlackInbound(UserGroupDirectory groups, java.util.function.Predicate<String> answersThrough) {
        this.groups = Objects.requireNonNull(groups, "groups");
        this.answersThrough = Objects.requireNonNull(answersThrough, "answersThrough");
    }

    /** The request's {@code response_url} when Triage may answer through it, else null (answers go to the channel). */
    private String replyTo(String responseUrl) {
        if (responseUrl == null || responseUrl.isBlank()) {
            return null;
        }
        if (!answersThrough.test(responseUrl)) {
            log.info("A request came with a response_url on a host Triage doesn't answer through; its answers go to the channel");
            return null;
        }
        return responseUrl;
    }

    /** Registers the handlers on {@code app}: one per slash command, one for every button. */
    void register(App app, List<String> commands) {
        for (String command : commands) {
            app.command(command, (req, ctx) -> {
                SlashCommandPayload payload = req.getPayload();
                String missing = payload == null ? "everything" : blank(payload.getUserId()) ? "the user who typed it"
                        : blank(payload.getChannelId()) ? "the channel it was typed in" : null;
                if (missing != null) {
                    log.info("Ignored a {} command that doesn't say {}", command, missing);
                    return ctx.ack("Triage couldn't tell " + missing + " from this command, so it did nothing. Type it again; "
                            + "if this repeats, the request didn't come from Slack as it should.");
                }
                workers.execute(() -> deliverCommand(payload));
                return ctx.ack();
            });
        }
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> {
            BlockActionPayload payload = req.getPayload();
            if (payload == null || payload.getUser() == null || blank(payload.getUser().getId())) {
                log.info("Ignored a click that doesn't say who clicked");
                return ctx.ack();
            }
            workers.execute(() -> deliverClicks(payload));
            return ctx.ack();
        });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    void listen(ChatListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    private void deliverCommand(SlashCommandPayload p) {
        String command = p.getCommand() == null ? "" : p.getCommand().replaceFirst("^/", "");
        Requester user = requester(p.getUserId(), p.getUserName());
        CommandEvent event = new CommandEvent(user, p.getChannelId(), command, p.getText(), replyTo(p.getResponseUrl()));
        deliver("/" + command + " from " + p.getUserId() + " in " + p.getChannelId(), () -> listener.onCommand(event));
    }

    private void deliverClicks(BlockActionPayload p) {
        BlockActionPayload.Container container = p.getContainer();
        String channel = p.getChannel() != null ? p.getChannel().getId() : container == null ? null : container.getChannelId();
        if (channel == null || p.getUser() == null || p.getActions() == null) {
            log.debug("Ignoring a block action outside a channel message");
            return;
        }
        MessageRef message = messageOf(channel, p);
        String replyTo = replyTo(p.getResponseUrl());
        Requester user = requester(p.getUser().getId(), p.getUser().getUsername() != null ? p.getUser().getUsername() : p.getUser().getName());
        for (BlockActionPayload.Action action : p.getActions()) {
            String buttonId = action.getValue() != null ? action.getValue() : action.getActionId();
            if (buttonId == null) {
                continue;
            }
            ButtonEvent event = new ButtonEvent(user, channel, buttonId, message, replyTo);
            deliver("click on " + buttonId + " by " + user.userId() + " in " + channel, () -> listener.onButton(event));
        }
    }

    /** The message the button sits on; {@code threadId} only when that message is a reply in a thread. */
    static MessageRef messageOf(String channel, BlockActionPayload p) {
        BlockActionPayload.Container container = p.getContainer();
        String ts = p.getMessage() != null && p.getMessage().getTs() != null ? p.getMessage().getTs()
                : container == null ? null : container.getMessageTs();
        if (ts == null) {
            return null;
        }
        String threadTs = p.getMessage() != null ? p.getMessage().getThreadTs() : container.getThreadTs();
        return new MessageRef(channel, ts, threadTs == null || threadTs.equals(ts) ? null : threadTs);
    }

    private Requester requester(String userId, String name) {
        return new Requester(PLATFORM, userId, name, groups.groupsOf(userId));
    }

    private void deliver(String what, Supplier<CompletableFuture<Void>> call) {
        ChatListener current = listener;
        if (current == null) {
            log.warn("Dropped {}: the Slack adapter has no listener yet", what);
            return;
        }
        try {
            call.get().whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.error("Handling {} failed", what, failure);
                }
            });
        } catch (RuntimeException e) {
            log.error("Handling {} failed", what, e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
