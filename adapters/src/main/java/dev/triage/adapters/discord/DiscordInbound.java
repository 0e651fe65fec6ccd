package dev.triage.adapters.discord;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Requester;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.entities.ISnowflake;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands, clicks and autocompletion, from JDA to the core. On JDA's event thread each
 * interaction is only deferred (a slash command as a reply, a click as an edit — well within
 * Discord's 3 seconds) and remembered with its hook; the listener runs on a worker. A failing
 * listener is logged, never rethrown.
 */
final class DiscordInbound extends ListenerAdapter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiscordInbound.class);
    static final String PLATFORM = "discord";

    private final SlashCommandCatalog catalog;
    private final Supplier<List<String>> targetNames;
    private final InteractionHooks hooks;
    private final Consumer<InteractionHooks.Pending> onCommandDone;
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("discord-inbound-", 0).factory());
    private volatile ChatListener listener;

    /**
     * @param onCommandDone called once the listener has finished with a slash command, to settle a
     *                      "thinking…" message nothing answered
     */
    DiscordInbound(SlashCommandCatalog catalog, Supplier<List<String>> targetNames, InteractionHooks hooks,
            Consumer<InteractionHooks.Pending> onCommandDone) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.targetNames = Objects.requireNonNull(targetNames, "targetNames");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.onCommandDone = Objects.requireNonNull(onCommandDone, "onCommandDone");
    }

    void listen(ChatListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Anything about an interaction Triage can't read (a field missing, an option of the wrong type) is one log line
     * and, where the interaction can still be answered, a line for the person saying so; never a crash of JDA's event
     * thread nor a stack trace.
     */
    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent e) {
        try {
            slashCommand(e);
        } catch (RuntimeException unreadable) {
            refuse(e, "/" + e.getName(), unreadable);
        }
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent e) {
        try {
            button(e);
        } catch (RuntimeException unreadable) {
            refuse(e, "a click", unreadable);
        }
    }

    private static void refuse(net.dv8tion.jda.api.interactions.callbacks.IReplyCallback e, String what, RuntimeException why) {
        log.info("Ignored {} Triage couldn't read: {}", what, why.toString());
        try {
            String line = "Triage couldn't read this request (" + why.getClass().getSimpleName() + "), so it did nothing. "
                    + "Try it again; if it repeats, run /backend help.";
            if (e.isAcknowledged()) {
                e.getHook().sendMessage(line).setEphemeral(true).queue(null, failure -> { });
            } else {
                e.reply(line).setEphemeral(true).queue(null, failure -> { });
            }
        } catch (RuntimeException cannotAnswer) {
            log.debug("Could not answer an unreadable interaction: {}", cannotAnswer.toString());
        }
    }

    private void slashCommand(SlashCommandInteractionEvent e) {
        if (!catalog.answers(e.getName())) {
            return;
        }
        e.deferReply().queue(null, failure -> log.warn("Could not acknowledge /{} from {} in {}: {}",
                e.getName(), e.getUser().getId(), e.getChannelId(), DiscordCallFailedException.reasonOf(failure)));
        String channel = e.getChannelId();
        InteractionHooks.Pending pending = hooks.deferred(InteractionHooks.Kind.REPLY, e.getIdLong(), channel, e.getUser().getId(), e.getHook());
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionMapping o : e.getOptions()) {
            values.put(o.getName(), o.getAsString());
        }
        CommandEvent event = new CommandEvent(requester(e.getUser(), e.getMember()), channel, e.getName(),
                catalog.textOf(e.getSubcommandName(), values));
        String what = "/" + e.getName() + " " + event.text() + " from " + event.user().userId() + " in " + channel;
        workers.execute(() -> deliver(what, () -> listener.onCommand(event), () -> onCommandDone.accept(pending)));
    }

    private void button(ButtonInteractionEvent e) {
        if (e.getComponentId() == null || e.getComponentId().isBlank()) {
            throw new IllegalArgumentException("a button without an id");
        }
        e.deferEdit().queue(null, failure -> log.warn("Could not acknowledge a click on {} by {} in {}: {}",
                e.getComponentId(), e.getUser().getId(), e.getChannelId(), DiscordCallFailedException.reasonOf(failure)));
        String channel = e.getChannelId();
        hooks.deferred(InteractionHooks.Kind.EDIT, e.getIdLong(), channel, e.getUser().getId(), e.getHook());
        ButtonEvent event = new ButtonEvent(requester(e.getUser(), e.getMember()), channel, e.getComponentId(),
                messageRef(e.getChannel(), e.getMessageId()));
        String what = "click on " + e.getComponentId() + " by " + event.user().userId() + " in " + channel;
        workers.execute(() -> deliver(what, () -> listener.onButton(event), () -> { }));
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent e) {
        if (!catalog.answers(e.getName())) {
            return;
        }
        String option = e.getFocusedOption().getName();
        String typed = e.getFocusedOption().getValue();
        SlashSubcommand.Kind kind = catalog.kindOf(e.getSubcommandName(), option)
                .orElse(SlashSubcommand.TARGET.equals(option) ? SlashSubcommand.Kind.TARGET : null);
        ChatListener current = listener;
        List<dev.triage.adapters.Catalogue.Choice> offered;
        try {
            if (kind == SlashSubcommand.Kind.TARGET) {
                offered = current == null ? List.of() : current.suggestions(dev.triage.adapters.Catalogue.Kind.TARGET, typed);
                if (offered.isEmpty()) {   // a listener that offers none: the names the settings were given
                    offered = SlashCommandCatalog.suggestions(typed, targetNames.get()).stream()
                            .map(n -> new dev.triage.adapters.Catalogue.Choice(n, n)).toList();
                }
            } else if (kind == SlashSubcommand.Kind.INCIDENT && current != null) {
                offered = current.suggestions(dev.triage.adapters.Catalogue.Kind.INCIDENT, typed);
            } else {
                return;
            }
        } catch (RuntimeException failure) {
            log.error("Could not list the values to suggest for {}", option, failure);
            offered = List.of();
        }
        List<net.dv8tion.jda.api.interactions.commands.Command.Choice> choices = new java.util.ArrayList<>();
        for (var c : offered) {
            if (choices.size() == SlashCommandCatalog.MAX_CHOICES || c.label().isBlank() || c.label().length() > SlashCommandCatalog.MAX_CHOICE) {
                continue;
            }
            if (kind == SlashSubcommand.Kind.INCIDENT) {
                try {
                    choices.add(new net.dv8tion.jda.api.interactions.commands.Command.Choice(c.label(), Long.parseLong(c.value())));
                } catch (NumberFormatException notANumber) {
                    log.debug("Not an incident number to offer: {}", c.value());
                }
            } else {
                choices.add(new net.dv8tion.jda.api.interactions.commands.Command.Choice(c.label(), c.value()));
            }
        }
        e.replyChoices(choices).queue(null, failure -> log.debug("Autocomplete answer not delivered: {}",
                DiscordCallFailedException.reasonOf(failure)));
    }

    /** The clicked message: in a thread, its channel is the thread's parent and its thread the thread. */
    static MessageRef messageRef(MessageChannelUnion channel, String messageId) {
        if (channel instanceof ThreadChannel thread) {
            return new MessageRef(thread.getParentChannel().getId(), messageId, thread.getId());
        }
        return new MessageRef(channel.getId(), messageId, null);
    }

    /** The user with their effective name and, in a server, their role ids. */
    static Requester requester(User user, Member member) {
        Set<String> roles = member == null ? Set.of()
                : member.getRoles().stream().map(ISnowflake::getId).collect(Collectors.toUnmodifiableSet());
        String name = member != null ? member.getEffectiveName() : user.getEffectiveName();
        return new Requester(PLATFORM, user.getId(), name, roles);
    }

    private void deliver(String what, Supplier<CompletableFuture<Void>> call, Runnable done) {
        ChatListener current = listener;
        if (current == null) {
            log.warn("Dropped {}: the Discord adapter has no listener yet", what);
            done.run();
            return;
        }
        try {
            call.get().whenComplete((ok, failure) -> {
                if (failure != null) {
                    log.error("Handling {} failed", what, failure);
                }
                done.run();
            });
        } catch (RuntimeException e) {
            log.error("Handling {} failed", what, e);
            done.run();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
