package dev.triage.adapters.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.triage.adapters.ChatAdapter;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.Delivery;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.events.session.ReadyEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord as a chat platform, on JDA. Connects with no intent beyond {@code GUILDS} (not privileged;
 * JDA always sends it, and it keeps the servers' channels, threads and roles known), registers the slash commands in each
 * configured server on start (server commands update at once), and answers every slash command and
 * click within Discord's 3 seconds by deferring it. The core's answers then go:
 *
 * <ul>
 *   <li>{@link #post}: through the hook of the oldest slash command in that channel still waiting for
 *       its answer (it replaces the "thinking…" message), else as a channel message — so alerts and
 *       anything after the hook's 15 minutes are plain channel messages;</li>
 *   <li>{@link #ephemeral}: as a reply only that person sees, through the hook of their latest
 *       interaction in that channel; Discord has no other way to show a message to one person, and
 *       Triage sends no DMs, so without one it is posted in the channel addressed to them (and logged);</li>
 *   <li>{@link #reply}: into the thread on the parent message, started on the first reply (a thread's
 *       id is its starter message's id, so a restarted bot finds its threads again);</li>
 *   <li>{@link #update}: edits in place, in threads too, through the hook while it lives.</li>
 * </ul>
 *
 * Every outbound call goes through one queue per channel, so the order is kept; JDA keeps to the
 * rate limits. The port's methods wait for Discord (at most {@link #CALL_DEADLINE}); JDA's own
 * threads never do.
 *
 * <pre>{@code
 * DiscordAdapter discord = new DiscordAdapter(DiscordSettings.of(token, List.of("123456789012345678"))
 *         .withTargetNames(config::targetNames));
 * discord.start(bot);   // returns once connected and the commands are registered
 * }</pre>
 *
 * The constructor checks the settings (every problem in one exception) and connects to nothing.
 */
public final class DiscordAdapter implements ChatAdapter {
    private static final Logger log = LoggerFactory.getLogger(DiscordAdapter.class);

    /** The permissions the bot needs in the channels it serves; the invite link asks for exactly these. */
    public static final EnumSet<Permission> PERMISSIONS = EnumSet.of(
            Permission.VIEW_CHANNEL,
            Permission.MESSAGE_SEND,
            Permission.MESSAGE_SEND_IN_THREADS,
            Permission.CREATE_PUBLIC_THREADS,
            Permission.MESSAGE_EMBED_LINKS,
            Permission.MESSAGE_HISTORY,
            Permission.USE_APPLICATION_COMMANDS);
    /**
     * The gateway intents asked for beyond {@code GUILDS}, which JDA always sends (not privileged; it
     * keeps the servers' channels, threads and roles known): none. Slash commands and clicks need no intent.
     */
    public static final EnumSet<GatewayIntent> INTENTS = EnumSet.noneOf(GatewayIntent.class);
    static final Duration CALL_DEADLINE = Duration.ofSeconds(60);
    static final Duration START_DEADLINE = Duration.ofSeconds(60);
    static final int THREAD_ALREADY_CREATED = 160004;
    static final int MAX_THREAD_NAME = 100;
    private static final int REMEMBERED_MESSAGES = 10_000;

    private final DiscordSettings settings;
    private final EmbedRenderer renderer = new EmbedRenderer();
    private final SlashCommandCatalog catalog;
    private final InteractionHooks hooks;
    private final DiscordSendQueue sends = new DiscordSendQueue();
    private final DiscordInbound inbound;
    /** first part's id → the ids of the further parts of a message too long for one. */
    private final Cache<String, List<String>> continuations = Caffeine.newBuilder().maximumSize(REMEMBERED_MESSAGES).build();
    /** message id → its title, to name the thread a reply starts on it. */
    private final Cache<String, String> titles = Caffeine.newBuilder().maximumSize(REMEMBERED_MESSAGES).build();
    private volatile JDA jda;

    public DiscordAdapter(DiscordSettings settings) {
        this(settings, InstantSource.system());
    }

    /** @param clock the time interaction hooks expire by */
    public DiscordAdapter(DiscordSettings settings, InstantSource clock) {
        this.settings = Objects.requireNonNull(settings, "settings").validated();
        this.catalog = SlashCommandCatalog.of(settings);
        this.hooks = new InteractionHooks(clock);
        this.inbound = new DiscordInbound(catalog, settings.targetNames(), hooks, this::settle);
    }

    @Override
    public String name() {
        return "discord";
    }

    /** Counts every REST call's end with {@code calls}, for the bot's metrics. */
    public DiscordAdapter reportingCallsTo(dev.triage.adapters.ApiCalls calls) {
        sends.reportingCallsTo(calls);
        return this;
    }

    /** Connects, waits for the servers, registers the slash commands in each; returns once done. */
    @Override
    public synchronized void start(ChatListener listener) throws InterruptedException {
        if (jda != null) {
            throw new IllegalStateException("the Discord adapter is already started");
        }
        inbound.listen(listener);
        // What the core answers, laid out for Discord: every built-in and every team command, nothing this adapter knows.
        for (String command : settings.commands()) {
            listener.catalogue().command(command).ifPresent(c -> catalog.use(SlashSubcommand.layout(c)));
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        JDABuilder builder = JDABuilder.createLight(settings.token().strip(), INTENTS)
                .addEventListeners(inbound, new ListenerAdapter() {
                    @Override
                    public void onReady(ReadyEvent event) {
                        ready.complete(null);
                    }
                })
                .setEnableShutdownHook(false);
        if (settings.restBaseUrl() != null) {
            builder.setRestConfig(new RestConfig().setBaseUrl(settings.restBaseUrl()));
        }
        if (settings.gatewayUrl() != null) {
            builder.setSessionController(new FixedGatewaySessionController(settings.gatewayUrl()));
        }
        JDA connected;
        try {
            connected = builder.build();
        } catch (InvalidTokenException e) {
            throw new IllegalStateException("Discord refused adapters.discord.token: use the application's current bot token "
                    + "(Developer Portal → Bot → Reset Token)", e);
        } catch (ErrorResponseException e) {
            throw new IllegalStateException("Could not log in to Discord: " + DiscordCallFailedException.reasonOf(e), e);
        }
        jda = connected;
        try {
            awaitStart(ready, "connect to Discord's gateway");
            registerCommands(connected);
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        log.info("Discord adapter connected as {} (application {}); /{} registered in {} server(s)",
                connected.getSelfUser().getName(), connected.getSelfUser().getApplicationId(),
                String.join(", /", settings.commands()), settings.guildIds().size());
    }

    private void registerCommands(JDA connected) throws InterruptedException {
        List<String> missing = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String guildId : settings.guildIds()) {
            Guild guild = connected.getGuildById(guildId);
            if (guild == null) {
                missing.add(guildId);
                continue;
            }
            try {
                awaitStart(guild.updateCommands().addCommands(catalog.commandData()).submit(), "register commands in " + guildId);
            } catch (IllegalStateException e) {
                failed.add(guildId + " (" + guild.getName() + "): " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("Could not register the slash commands in " + String.join("; ", failed)
                    + ". Invite the bot again with the applications.commands scope: " + inviteUrl(connected.getSelfUser().getApplicationId()));
        }
        if (!missing.isEmpty()) {
            String message = "The bot is not in server(s) " + missing + " named in adapters.discord.guild_ids. Invite it with "
                    + inviteUrl(connected.getSelfUser().getApplicationId());
            if (missing.size() == settings.guildIds().size()) {
                throw new IllegalStateException(message);
            }
            log.warn(message);
        }
    }

    private static <T> T awaitStart(CompletableFuture<T> future, String what) throws InterruptedException {
        try {
            return future.get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not " + what + " within " + START_DEADLINE.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what + ": " + DiscordCallFailedException.reasonOf(DiscordCallFailedException.unwrap(e)), e);
        }
    }

    /** The link that adds the bot to a server with the scopes and permissions it needs. */
    public static String inviteUrl(String applicationId) {
        return "https://discord.com/oauth2/authorize?client_id=" + applicationId
                + "&scope=bot+applications.commands&permissions=" + Permission.getRaw(PERMISSIONS);
    }

    @Override
    public MessageRef post(String channel, Message message) {
        DiscordRendering rendered = renderer.render(message);
        MessageRef ref = DiscordSendQueue.await(sends.submit(channel, "post", () -> postNow(channel, rendered)),
                CALL_DEADLINE, "post", channel);
        titles.put(ref.id(), message.title());
        return ref;
    }

    private CompletableFuture<MessageRef> postNow(String channel, DiscordRendering rendered) {
        var claimed = hooks.claimReply(channel);
        if (claimed.isEmpty()) {
            return toChannel(channel, rendered);
        }
        InteractionHooks.Pending pending = claimed.get();
        return pending.hook.editOriginal(DiscordRendering.asEdit(rendered.first())).submit()
                .thenCompose(first -> {
                    hooks.sent(first.getId(), pending);
                    return sendAll(part -> pending.hook.sendMessage(part).submit(), rendered.rest())
                            .thenApply(rest -> remembered(new MessageRef(channel, first.getId(), null), rest));
                })
                .exceptionallyCompose(failure -> {
                    log.info("Answering through the interaction hook in {} failed ({}); posting in the channel instead",
                            channel, DiscordCallFailedException.reasonOf(DiscordCallFailedException.unwrap(failure)));
                    return toChannel(channel, rendered);
                });
    }

    private CompletableFuture<MessageRef> toChannel(String channel, DiscordRendering rendered) {
        MessageChannel target = channel(channel);
        return sendAll(part -> target.sendMessage(part).submit(), rendered.parts())
                .thenApply(ids -> remembered(new MessageRef(channel, ids.getFirst(), null), ids.subList(1, ids.size())));
    }

    /**
     * Posts a queued message as the bot's own channel message (never through a command's hook: it answers no one),
     * each part with a nonce made of the delivery key and Discord's {@code enforce_nonce}: sent again after a crash in
     * doubt, Discord hands back the message it already has instead of posting it twice (it keeps nonces for a few
     * minutes, longer than a replica's lease).
     */
    @Override
    public MessageRef post(String channel, Message message, Delivery delivery) {
        delivery.mayProceed();
        DiscordRendering rendered = renderer.render(message);
        MessageRef ref = DiscordSendQueue.await(sends.submit(channel, "post", () -> {
            delivery.mayProceed();
            MessageChannel target = channel(channel);
            return sendAll((part, n) -> keyed(target.sendMessage(part), delivery, n).submit(), rendered.parts())
                    .thenApply(ids -> remembered(new MessageRef(channel, ids.getFirst(), null), ids.subList(1, ids.size())));
        }), CALL_DEADLINE, "post", channel);
        titles.put(ref.id(), message.title());
        return ref;
    }

    /** {@link #reply(MessageRef, Message)} with a nonce per part, like {@link #post(String, Message, Delivery)}; null: none. */
    @Override
    public MessageRef reply(MessageRef parent, Message message, Delivery delivery) {
        if (delivery != null) {
            delivery.mayProceed();
        }
        DiscordRendering rendered = renderer.render(message);
        String channel = parent.channel();
        MessageRef ref = DiscordSendQueue.await(sends.submit(channel, "reply", () -> {
            if (delivery != null) {
                delivery.mayProceed();
            }
            return threadFor(parent, message.title())
                    .thenCompose(thread -> sendAll((part, n) -> keyed(thread.sendMessage(part), delivery, n).submit(), rendered.parts())
                            .thenApply(ids -> remembered(new MessageRef(channel, ids.getFirst(), thread.getId()), ids.subList(1, ids.size()))));
        }), CALL_DEADLINE, "reply", channel);
        titles.put(ref.id(), message.title());
        return ref;
    }

    /** The part carries its delivery's nonce, when it has a delivery. */
    private static net.dv8tion.jda.api.requests.restaction.MessageCreateAction keyed(
            net.dv8tion.jda.api.requests.restaction.MessageCreateAction send, Delivery delivery, int part) {
        return delivery == null ? send : send.setNonce(nonce(delivery.key(), part));
    }

    @Override
    public void update(MessageRef ref, Message message, Delivery delivery) {
        delivery.mayProceed();
        update(ref, message);
    }

    /** Discord takes nonces of up to 25 characters: the key and the part's number, the key hashed when that is longer. */
    static String nonce(String key, int part) {
        String nonce = key + "." + part;
        if (nonce.length() <= 25) {
            return nonce;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 20) + "." + part;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message) {
        return reply(parent, message, (Delivery) null);
    }

    /** The thread replies to {@code parent} go into: its own, the one on it, or a new one started on it. */
    private CompletableFuture<ThreadChannel> threadFor(MessageRef parent, String fallbackName) {
        if (parent.threadId() != null) {
            return thread(parent.threadId(), parent.channel());
        }
        GuildMessageChannel channel = channel(parent.channel());
        if (channel instanceof ThreadChannel inThread) {
            return CompletableFuture.completedFuture(inThread);
        }
        ThreadChannel existing = jda().getThreadChannelById(parent.id());
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        if (!(channel instanceof IThreadContainer container)) {
            return CompletableFuture.failedFuture(new DiscordCallFailedException("reply", parent.channel(),
                    "a " + channel.getType() + " channel cannot hold threads", null));
        }
        String name = threadName(titles.getIfPresent(parent.id()), fallbackName);
        return container.createThreadChannel(name, parent.id())
                .setAutoArchiveDuration(ThreadChannel.AutoArchiveDuration.TIME_1_WEEK)
                .submit()
                .exceptionallyCompose(failure -> {
                    if (DiscordCallFailedException.unwrap(failure) instanceof ErrorResponseException e
                            && e.getErrorCode() == THREAD_ALREADY_CREATED) {
                        return thread(parent.id(), parent.channel());
                    }
                    return CompletableFuture.failedFuture(failure);
                });
    }

    /** A thread by id: from JDA's cache, else among the parent channel's archived threads. */
    private CompletableFuture<ThreadChannel> thread(String threadId, String parentChannel) {
        ThreadChannel cached = jda().getThreadChannelById(threadId);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        if (!(channel(parentChannel) instanceof IThreadContainer container)) {
            return CompletableFuture.failedFuture(new DiscordCallFailedException("reply", parentChannel,
                    "thread " + threadId + " is not known and its channel cannot hold threads", null));
        }
        return container.retrieveArchivedPublicThreadChannels().takeAsync(100).thenApply(archived -> archived.stream()
                .filter(t -> t.getId().equals(threadId))
                .findFirst()
                .orElseThrow(() -> new DiscordCallFailedException("reply", parentChannel,
                        "thread " + threadId + " is gone (deleted, or archived too long ago to find)", null)));
    }

    static String threadName(String parentTitle, String fallback) {
        String name = parentTitle != null && !parentTitle.isBlank() ? parentTitle : fallback;
        name = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        return name.isEmpty() ? "Triage" : EmbedRenderer.truncate(name, MAX_THREAD_NAME);
    }

    @Override
    public void update(MessageRef ref, Message message) {
        DiscordRendering rendered = renderer.render(message);
        DiscordSendQueue.await(sends.submit(ref.channel(), "update", () -> updateNow(ref, rendered)), CALL_DEADLINE, "update", ref.channel());
        titles.put(ref.id(), message.title());
    }

    private CompletableFuture<Void> updateNow(MessageRef ref, DiscordRendering rendered) {
        boolean inThread = ref.threadId() != null && !ref.threadId().equals(ref.id());
        CompletableFuture<MessageChannel> where = inThread
                ? thread(ref.threadId(), ref.channel()).thenApply(t -> (MessageChannel) t)
                : CompletableFuture.completedFuture(null);
        return where.thenCompose(threadChannel -> {
            String channelId = inThread ? ref.threadId() : ref.channel();
            List<String> before = continuations.getIfPresent(ref.id());
            List<String> old = before == null ? List.of() : before;
            CompletableFuture<Void> chain = edit(channelId, threadChannel, ref.id(), rendered.first());
            List<String> kept = new ArrayList<>();
            List<MessageCreateData> rest = rendered.rest();
            for (int i = 0; i < rest.size(); i++) {
                MessageCreateData part = rest.get(i);
                if (i < old.size()) {
                    String id = old.get(i);
                    chain = chain.thenCompose(x -> edit(channelId, threadChannel, id, part));
                    kept.add(id);
                } else {
                    chain = chain.thenCompose(x -> target(channelId, threadChannel).sendMessage(part).submit())
                            .thenAccept(m -> kept.add(m.getId()));
                }
            }
            for (String surplus : old.subList(Math.min(old.size(), rest.size()), old.size())) {
                chain = chain.thenCompose(x -> target(channelId, threadChannel).deleteMessageById(surplus).submit());
            }
            return chain.thenRun(() -> remembered(ref, kept));
        });
    }

    /** Edits one message: through the hook it was sent by while that lives, else in its channel. */
    private CompletableFuture<Void> edit(String channelId, MessageChannel known, String messageId, MessageCreateData part) {
        MessageEditData data = DiscordRendering.asEdit(part);
        var hook = hooks.hookFor(messageId);
        if (hook.isPresent()) {
            return hook.get().editMessageById(messageId, data).submit().thenAccept(m -> { });
        }
        return target(channelId, known).editMessageById(messageId, data).submit().thenAccept(m -> { });
    }

    private MessageChannel target(String channelId, MessageChannel known) {
        return known != null ? known : channel(channelId);
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        DiscordSendQueue.await(sends.submit(channel, "ephemeral", () -> ephemeralNow(channel, userId, message)),
                CALL_DEADLINE, "ephemeral", channel);
    }

    private CompletableFuture<Void> ephemeralNow(String channel, String userId, Message message) {
        var claim = hooks.forUser(channel, userId);
        if (claim.isEmpty()) {
            log.info("No interaction of user {} in {} can still be answered privately (hooks last 15 minutes). Discord shows a "
                    + "message to one person only in answer to their own interaction, and Triage sends no direct messages, "
                    + "so this one goes to the channel, addressed to them", userId, channel);
            MessageChannel target = channel(channel);
            return sendAll(part -> target.sendMessage(part).submit(), renderer.renderAddressedTo(message, userId).parts())
                    .thenAccept(ids -> { });
        }
        InteractionHook hook = claim.get().pending().hook;
        List<MessageCreateData> parts = renderer.render(message).parts();
        if (!claim.get().firstAnswer()) {
            return sendAll(part -> hook.sendMessage(part).setEphemeral(true).submit(), parts).thenAccept(ids -> { });
        }
        // A slash command deferred in public: its first answer would take the public "thinking…" message's
        // place, so that message is resolved first, the private answer follows, and the public one goes.
        return hook.editOriginal(MessageEditData.fromContent("…")).submit()
                .thenCompose(resolved -> sendAll(part -> hook.sendMessage(part).setEphemeral(true).submit(), parts))
                .thenCompose(ids -> hook.deleteOriginal().submit());
    }

    /** After the listener is done with a slash command: removes a "thinking…" message that nothing answered. */
    private void settle(InteractionHooks.Pending pending) {
        sends.submit(pending.channel, "settle", () -> hooks.settle(pending)
                        ? pending.hook.deleteOriginal().submit() : CompletableFuture.<Void>completedFuture(null))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        log.debug("Could not remove an unanswered \"thinking…\" message in {}: {}", pending.channel,
                                DiscordCallFailedException.reasonOf(DiscordCallFailedException.unwrap(failure)));
                    }
                });
    }

    /** Sends the parts one after another, each once the previous is in; the ids in order. */
    private static CompletableFuture<List<String>> sendAll(Sender sender, List<MessageCreateData> parts) {
        return sendAll((part, n) -> sender.send(part), parts);
    }

    private static CompletableFuture<List<String>> sendAll(NumberedSender sender, List<MessageCreateData> parts) {
        CompletableFuture<List<String>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (int i = 0; i < parts.size(); i++) {
            MessageCreateData part = parts.get(i);
            int n = i;
            chain = chain.thenCompose(ids -> sender.send(part, n).thenApply(sent -> {
                ids.add(sent.getId());
                return ids;
            }));
        }
        return chain;
    }

    @FunctionalInterface
    private interface Sender {
        CompletableFuture<net.dv8tion.jda.api.entities.Message> send(MessageCreateData part);
    }

    @FunctionalInterface
    private interface NumberedSender {
        CompletableFuture<net.dv8tion.jda.api.entities.Message> send(MessageCreateData part, int n);
    }

    private MessageRef remembered(MessageRef ref, List<String> furtherParts) {
        if (furtherParts.isEmpty()) {
            continuations.invalidate(ref.id());
        } else {
            continuations.put(ref.id(), List.copyOf(furtherParts));
        }
        return ref;
    }

    private GuildMessageChannel channel(String id) {
        GuildMessageChannel channel = jda().getChannelById(GuildMessageChannel.class, id);
        if (channel == null) {
            throw new DiscordCallFailedException("send", id, "the bot sees no text channel with this id: check the id, "
                    + "that the bot is in the channel's server, and that it may View Channel there", null);
        }
        return channel;
    }

    private JDA jda() {
        JDA current = jda;
        if (current == null) {
            throw new IllegalStateException("the Discord adapter is not started");
        }
        return current;
    }

    /** Pending interactions whose hooks still work (for tests and diagnostics). */
    int pendingInteractions() {
        return hooks.size();
    }

    @Override
    public synchronized void close() {
        inbound.close();
        sends.close();
        JDA current = jda;
        if (current != null) {
            current.shutdown();
            try {
                if (!current.awaitShutdown(Duration.ofSeconds(5))) {
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                current.shutdownNow();
            }
        }
    }

    @Override
    public String toString() {
        return "DiscordAdapter[" + settings + "]";
    }
}
