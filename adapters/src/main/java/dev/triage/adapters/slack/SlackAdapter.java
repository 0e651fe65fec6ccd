package dev.triage.adapters.slack;

import dev.triage.time.Sleeper;

import com.github.benmanes.caffeine.cache.Ticker;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.auth.AuthTestResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.model.Usergroup;
import com.slack.api.socket_mode.SocketModeClient;
import dev.triage.adapters.ChatAdapter;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.Delivery;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Response;
import com.slack.api.app_backend.interactive_components.response.ActionResponse;
import com.slack.api.bolt.util.Responder;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack as a chat platform, on Bolt for Java. Socket Mode by default (a WebSocket the bot opens,
 * no public URL); HTTP mode serves Slack's requests on the configured port and path. Slash
 * commands and button clicks are acknowledged at once and handed to the listener on a worker;
 * messages are rendered as Block Kit and sent through a per-channel queue that keeps their order,
 * Slack's pace and its Retry-After.
 *
 * <pre>{@code
 * SlackAdapter slack = new SlackAdapter(SlackSettings.socketMode(botToken, appToken));
 * slack.start(bot);   // returns once connected
 * }</pre>
 *
 * The constructor checks the settings (every problem in one exception) and connects to nothing.
 */
public final class SlackAdapter implements ChatAdapter {
    private static final Logger log = LoggerFactory.getLogger(SlackAdapter.class);
    private static final int API_CALL_TIMEOUT_MILLIS = 15_000;

    private final SlackSettings settings;
    private final Slack slack;
    private final MethodsClient methods;
    private final App app;
    private final BlockKitRenderer renderer = new BlockKitRenderer();
    private final SlackSendQueue sends;
    private final SlackInbound inbound;
    private volatile SlackHttpEndpoint endpoint;
    private volatile SocketModeApp socketMode;

    public SlackAdapter(SlackSettings settings) {
        this(settings, DeliveryPolicy.defaults(), InstantSource.system(), Sleeper.system());
    }

    /**
     * @param delivery how posts are paced and retried
     * @param clock    the time pacing and the user-group cache go by
     * @param sleeper  how the send queue waits (pace, Retry-After, backoff)
     */
    public SlackAdapter(SlackSettings settings, DeliveryPolicy delivery, InstantSource clock, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings").validated();
        SlackConfig config = new SlackConfig();
        if (settings.apiBaseUrl() != null) {
            config.setMethodsEndpointUrlPrefix(settings.apiBaseUrl());
        }
        config.setPrettyResponseLoggingEnabled(false);
        // The SDK's own rate-limit metrics resolve the team with an extra auth.test per client; the send queue does the pacing.
        config.setStatsEnabled(false);
        config.setHttpClientCallTimeoutMillis(API_CALL_TIMEOUT_MILLIS);
        this.slack = Slack.getInstance(config);
        this.methods = slack.methods(settings.botToken());
        this.app = new App(AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(settings.botToken())
                .signingSecret(settings.signingSecret())
                .requestVerificationEnabled(settings.mode() == SlackSettings.Mode.HTTP)
                .authTestCacheEnabled(true)
                .build());
        this.sends = new SlackSendQueue(delivery, clock, sleeper);
        UserGroupDirectory groups = new UserGroupDirectory(
                this::userGroupMembership, settings.roleCacheTtl(), tickerOf(clock), ForkJoinPool.commonPool());
        this.inbound = new SlackInbound(groups, this.settings::answersThrough);
        inbound.register(app, settings.commands());
    }

    @Override
    public String name() {
        return "slack";
    }

    /** Counts every Web API attempt (429s and retries included) with {@code calls}, for the bot's metrics. */
    public SlackAdapter reportingCallsTo(dev.triage.adapters.ApiCalls calls) {
        sends.reportingCallsTo(calls);
        return this;
    }

    /** Starts receiving commands and clicks; returns once the endpoint listens or the socket is connected. */
    @Override
    public synchronized void start(ChatListener listener) throws Exception {
        if (endpoint != null || socketMode != null) {
            throw new IllegalStateException("the Slack adapter is already started");
        }
        inbound.listen(listener);
        checkBotToken();
        if (settings.mode() == SlackSettings.Mode.HTTP) {
            app.start();
            // Slack signs by the wall clock, whatever clock paces this adapter's posts.
            SlackHttpEndpoint http = new SlackHttpEndpoint(app, settings.httpPort(), settings.httpPath(), settings.signingSecret(),
                    InstantSource.system());
            http.start();
            endpoint = http;
            log.info("Slack adapter (HTTP mode) listening on port {} at {} for {}", http.port(), settings.httpPath(), settings.commands());
        } else {
            SocketModeApp socket = new SocketModeApp(settings.appToken(), app, SocketModeClient.Backend.JavaWebSocket);
            try {
                socket.startAsync();
            } catch (Exception e) { // the SDK's client factory answers a failed connect with a null client
                app.stop();
                throw new IllegalStateException("Could not connect to Slack in Socket Mode (" + e.getClass().getSimpleName()
                        + "). Check adapters.slack.app_token: an app-level xapp- token with connections:write, "
                        + "and that Socket Mode is enabled for the app.", e);
            }
            socketMode = socket;
            log.info("Slack adapter connected in Socket Mode for {}", settings.commands());
        }
    }

    /** Asks Slack who the bot token belongs to, so a revoked or wrong token fails here with a clear message. */
    private void checkBotToken() {
        try {
            AuthTestResponse who;
            try {
                who = checked("auth.test", null, methods.authTest(r -> r));
                sends.count("auth.test", "ok");
            } catch (SlackCallFailedException e) {
                sends.count("auth.test", e.error() == null ? "error" : e.error());
                throw e;
            }
            log.info("Slack bot token belongs to {} in workspace {}", who.getUser(), who.getTeam());
        } catch (SlackCallFailedException e) {
            throw new IllegalStateException("Slack refused adapters.slack.bot_token (" + e.error()
                    + "): use the app's current Bot User OAuth Token (xoxb-…) from OAuth & Permissions", e);
        } catch (IOException | SlackApiException e) {
            throw new IllegalStateException("Could not reach Slack's Web API to check the bot token ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * Whether Slack can reach the bot now: in HTTP mode, the endpoint listens; in Socket Mode, the WebSocket session is
     * open (the SDK reconnects by itself when it drops, and this says false meanwhile).
     */
    public boolean connected() {
        if (endpoint != null) {
            return true;
        }
        // After stopReceiving, neither is set: not connected, so /readyz says so.
        SocketModeApp socket = socketMode;
        try {
            return socket != null && !socket.isClientStopped() && socket.getClient() != null && socket.getClient().verifyConnection();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The port HTTP mode listens on (useful when {@code http_port} is 0); -1 before start or in Socket Mode. */
    public int httpPort() {
        SlackHttpEndpoint http = endpoint;
        return http == null ? -1 : http.port();
    }

    @Override
    public MessageRef post(String channel, Message message) {
        return SlackSendQueue.await(postAsync(channel, message, null));
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message) {
        return SlackSendQueue.await(replyAsync(parent, message, null));
    }

    @Override
    public MessageRef post(String channel, Message message, Delivery delivery) {
        return SlackSendQueue.await(postAsync(channel, message, delivery));
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message, Delivery delivery) {
        return SlackSendQueue.await(replyAsync(parent, message, delivery));
    }

    @Override
    public void update(MessageRef ref, Message message, Delivery delivery) {
        SlackSendQueue.await(updateAsync(ref, message, delivery));
    }

    /**
     * Looks for a message Triage posted with {@code deliveryKey} in its metadata, or a file it shared with the key in its
     * name (a picture: {@link #uploadAsync}): in the thread's replies,
     * or in the channel's recent history. Needs the history scopes; without them it can't tell (empty).
     */
    @Override
    public Optional<MessageRef> findDelivered(String channel, MessageRef thread, String deliveryKey, Instant since) {
        try {
            List<com.slack.api.model.Message> messages;
            if (thread != null) {
                messages = checked("conversations.replies", channel, methods.conversationsReplies(r -> r.channel(channel)
                        .ts(thread.threadRoot()).includeAllMetadata(true).limit(200))).getMessages();
            } else {
                String oldest = since.minusSeconds(60).getEpochSecond() + ".000000";
                messages = checked("conversations.history", channel, methods.conversationsHistory(r -> r.channel(channel)
                        .oldest(oldest).includeAllMetadata(true).limit(200))).getMessages();
            }
            for (com.slack.api.model.Message m : messages == null ? List.<com.slack.api.model.Message>of() : messages) {
                for (com.slack.api.model.File f : m.getFiles() == null ? List.<com.slack.api.model.File>of() : m.getFiles()) {
                    if (f.getName() != null && f.getName().endsWith("-" + deliveryKey + ".png")) {
                        return Optional.of(new MessageRef(channel, f.getId(), thread == null ? null : thread.threadRoot()));
                    }
                }
                if (m.getMetadata() != null && DELIVERY_EVENT.equals(m.getMetadata().getEventType())
                        && m.getMetadata().getEventPayload() != null
                        && deliveryKey.equals(String.valueOf(m.getMetadata().getEventPayload().get("key")))) {
                    return Optional.of(new MessageRef(channel, m.getTs(), thread == null ? null : thread.threadRoot()));
                }
            }
            return Optional.empty();
        } catch (IOException | SlackApiException | RuntimeException e) {
            log.warn("could not look up delivery {} in {}: {}", deliveryKey, channel, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void update(MessageRef ref, Message message) {
        SlackSendQueue.await(updateAsync(ref, message));
    }

    /**
     * Answers through a command's or a click's {@code response_url}: in the channel, to the asker only, or replacing the
     * last answer sent through it. Slack takes these in any channel or DM the command was typed in, without the
     * channel's one-message-a-second pace; each URL takes five messages within 30 minutes. Queued per URL, so one
     * request's answers keep their order; 429s and 5xx are retried like any call. The delivery key goes in the
     * message's metadata, so an in-channel answer can be looked up like a post.
     */
    @Override
    public void respond(String replyTo, String channel, Message message, Response how, Delivery delivery) {
        if (!settings.answersThrough(replyTo)) {
            throw new SlackCallFailedException("response_url", channel, "not a Slack response_url Triage answers through");
        }
        RenderedMessage rendered = renderer.render(message);
        ActionResponse response = ActionResponse.builder()
                .responseType(how == Response.EPHEMERAL ? "ephemeral" : "in_channel")
                .replaceOriginal(how == Response.REPLACE_ORIGINAL)
                .text(rendered.text())
                .blocks(rendered.blocks())
                .metadata(metadata(delivery == null ? null : delivery.key()))
                .build();
        SlackSendQueue.await(sends.submit(channel + " (response_url)", "response_url",
                false, delivery, () -> {
                    WebhookResponse answer = new Responder(slack, replyTo).send(response);
                    SlackSendQueue.checkWebhook("response_url", channel, answer);
                    return null;
                }));
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        RenderedMessage rendered = renderer.render(message);
        SlackSendQueue.await(sends.submit(channel, "chat.postEphemeral", false, null, () -> checked("chat.postEphemeral", channel,
                methods.chatPostEphemeral(r -> r.channel(channel).user(userId)
                        .text(rendered.text()).blocks(rendered.blocks())))));
    }

    /** Queues a new message behind everything queued for the channel; completes once it is posted. */
    public CompletableFuture<MessageRef> postAsync(String channel, Message message) {
        return postAsync(channel, message, null);
    }

    private CompletableFuture<MessageRef> postAsync(String channel, Message message, Delivery delivery) {
        if (message.image() != null) {
            return uploadAsync(channel, null, message, delivery);
        }
        RenderedMessage rendered = renderer.render(message);
        String deliveryKey = delivery == null ? null : delivery.key();
        return sends.submit(channel, "chat.postMessage", true, delivery, () -> {
            ChatPostMessageResponse response = checked("chat.postMessage", channel, methods.chatPostMessage(r -> r
                    .channel(channel).text(rendered.text()).blocks(rendered.blocks()).unfurlLinks(false).unfurlMedia(false)
                    .metadata(metadata(deliveryKey))));
            return new MessageRef(response.getChannel() != null ? response.getChannel() : channel, response.getTs(), null);
        });
    }

    /** Queues a reply in the thread under {@code parent}, behind everything queued for its channel. */
    public CompletableFuture<MessageRef> replyAsync(MessageRef parent, Message message) {
        return replyAsync(parent, message, null);
    }

    private CompletableFuture<MessageRef> replyAsync(MessageRef parent, Message message, Delivery delivery) {
        if (message.image() != null) {
            return uploadAsync(parent.channel(), parent.threadRoot(), message, delivery);
        }
        RenderedMessage rendered = renderer.render(message);
        String channel = parent.channel();
        String root = parent.threadRoot();
        String deliveryKey = delivery == null ? null : delivery.key();
        return sends.submit(channel, "chat.postMessage", true, delivery, () -> {
            ChatPostMessageResponse response = checked("chat.postMessage", channel, methods.chatPostMessage(r -> r
                    .channel(channel).threadTs(root).text(rendered.text()).blocks(rendered.blocks())
                    .unfurlLinks(false).unfurlMedia(false).metadata(metadata(deliveryKey))));
            return new MessageRef(response.getChannel() != null ? response.getChannel() : channel, response.getTs(), root);
        });
    }

    /**
     * A message with a picture, as Slack takes files now ({@code files.upload} is retired): {@code files.getUploadURLExternal}
     * gives an upload URL and a file id, the PNG is POSTed there, and {@code files.completeUploadExternal} shares the file
     * into the channel, in the thread when {@code threadTs} is given, with the message's title as its comment. Only the
     * last step makes anything appear, so it is the one not to repeat blindly: each step has its own retries (a 429 waits
     * out its Retry-After, a 5xx backs off), the last one always with the same file id, and the file's name carries the
     * delivery key, so a send in doubt after a crash is found in the thread ({@link #findDelivered}) instead of shared twice.
     * An upload never completed is dropped by Slack and shows nowhere.
     */
    private CompletableFuture<MessageRef> uploadAsync(String channel, String threadTs, Message message, Delivery delivery) {
        Message.Image image = message.image();
        String fileName = delivery == null ? image.name() : image.name().replaceFirst("\\.png$", "") + "-" + delivery.key() + ".png";
        CompletableFuture<com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse> url = sends.submit(channel,
                "files.getUploadURLExternal", false, delivery, () -> checked("files.getUploadURLExternal", channel,
                        methods.filesGetUploadURLExternal(r -> r.filename(fileName).length(image.png().length).altTxt(image.alt()))));
        return url.handle((answer, failure) -> answer)
                .thenCompose(answer -> answer != null ? shared(channel, threadTs, message, delivery, answer)
                        : withoutFiles(url, channel, threadTs, message, delivery));
    }

    /**
     * When the app may not upload files ({@code missing_scope}: no {@code files:write}), the message goes without its
     * picture and says so, rather than failing again and again; nothing was shared, so nothing can be doubled.
     */
    private CompletableFuture<MessageRef> withoutFiles(CompletableFuture<?> failed, String channel, String threadTs, Message message,
                                                       Delivery delivery) {
        Throwable why = failed.handle((ok, failure) -> failure instanceof java.util.concurrent.CompletionException c
                ? c.getCause() : failure).join();
        if (!(why instanceof SlackCallFailedException e) || !NO_FILES.contains(e.error())) {
            return CompletableFuture.failedFuture(why);
        }
        log.warn("Slack refused a file upload in {} ({}): the chart's message goes without it; add the files:write scope", channel,
                e.error());
        Message text = Message.builder(message.title()).tone(message.tone())
                .line("the chart can't be shown: the Slack app lacks the files:write scope (docs/slack.md)").build();
        return threadTs == null ? postAsync(channel, text, delivery)
                : replyAsync(new MessageRef(channel, threadTs, null), text, delivery);
    }

    /** Slack's answers that say this app can't upload files at all (not now, or here). */
    private static final Set<String> NO_FILES = Set.of("missing_scope", "not_allowed_token_type", "no_permission");

    private CompletableFuture<MessageRef> shared(String channel, String threadTs, Message message, Delivery delivery,
                                                 com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse url) {
        Message.Image image = message.image();
        String comment = renderer.render(Message.of(message.tone(), message.title())).text();
        return CompletableFuture.completedFuture(url)
                .thenCompose(u -> sends.submit(channel, "upload_url", false, delivery, () -> {
                    uploads.post(u.getUploadUrl(), image.png(), channel);
                    return u.getFileId();
                }))
                .thenCompose(fileId -> sends.submit(channel, "files.completeUploadExternal", true, delivery, () -> {
                    checked("files.completeUploadExternal", channel, methods.filesCompleteUploadExternal(r -> r
                            .files(List.of(com.slack.api.methods.request.files.FilesCompleteUploadExternalRequest.FileDetails.builder()
                                    .id(fileId).title(image.alt()).build()))
                            .channelId(channel).threadTs(threadTs).initialComment(comment)));
                    log.debug("shared file {} in {}{}", fileId, channel, threadTs == null ? "" : " thread " + threadTs);
                    // Slack gives the file, not the message that shares it: the file stands for it (nothing edits it).
                    return new MessageRef(channel, fileId, threadTs);
                }));
    }

    private final FileUploads uploads = new FileUploads();

    /** Queues an edit of a posted message, behind everything queued for its channel. */
    public CompletableFuture<Void> updateAsync(MessageRef ref, Message message) {
        return updateAsync(ref, message, null);
    }

    private CompletableFuture<Void> updateAsync(MessageRef ref, Message message, Delivery delivery) {
        RenderedMessage rendered = renderer.render(message);
        return sends.submit(ref.channel(), "chat.update", false, delivery, () -> {
            checked("chat.update", ref.channel(), methods.chatUpdate(r -> r
                    .channel(ref.channel()).ts(ref.id()).text(rendered.text()).blocks(rendered.blocks())));
            return null;
        });
    }

    /** The event type under which Triage keeps a message's delivery key in Slack's message metadata. */
    static final String DELIVERY_EVENT = "triage_delivery";

    private static com.slack.api.model.Message.Metadata metadata(String deliveryKey) {
        if (deliveryKey == null) {
            return null;
        }
        return com.slack.api.model.Message.Metadata.builder().eventType(DELIVERY_EVENT)
                .eventPayload(Map.of("key", deliveryKey)).build();
    }

    private Map<String, Set<String>> userGroupMembership() throws IOException, SlackApiException {
        UsergroupsListResponse response = checked("usergroups.list", null, methods.usergroupsList(r -> r.includeUsers(true)));
        Map<String, Set<String>> membership = new HashMap<>();
        for (Usergroup group : response.getUsergroups() == null ? List.<Usergroup>of() : response.getUsergroups()) {
            for (String user : group.getUsers() == null ? List.<String>of() : group.getUsers()) {
                membership.computeIfAbsent(user, u -> new HashSet<>()).add(group.getId());
            }
        }
        membership.replaceAll((user, groups) -> Set.copyOf(groups));
        return membership;
    }

    private static <R extends SlackApiTextResponse> R checked(String method, String channel, R response) {
        if (!response.isOk()) {
            throw new SlackCallFailedException(method, channel, response.getError() == null ? "unknown error" : response.getError());
        }
        if (response.getWarning() != null) {
            log.debug("{}: Slack warns {}", method, response.getWarning());
        }
        return response;
    }

    private static Ticker tickerOf(InstantSource clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    /**
     * Slack can no longer reach this bot: the HTTP endpoint stops listening (a request being read is still answered,
     * for up to a second) or the Socket Mode session is closed, so Slack sends commands and clicks to another replica.
     * Posts and edits still go out until {@link #close}.
     */
    @Override
    public synchronized void stopReceiving() {
        SocketModeApp socket = socketMode;
        socketMode = null;
        if (socket != null) {
            try {
                socket.close();
            } catch (Exception e) {
                log.debug("Closing the Socket Mode connection failed", e);
            }
        }
        SlackHttpEndpoint http = endpoint;
        endpoint = null;
        if (http != null) {
            http.stopTaking();
        }
    }

    @Override
    public synchronized void close() {
        stopReceiving();
        inbound.close();
        sends.close();
        try {
            app.stop();
            slack.close();
        } catch (Exception e) {
            log.debug("Closing the Slack client failed", e);
        }
    }

    @Override
    public String toString() {
        return "SlackAdapter[" + settings + "]";
    }
}
