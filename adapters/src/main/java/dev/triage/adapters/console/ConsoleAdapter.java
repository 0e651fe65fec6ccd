package dev.triage.adapters.console;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatAdapter;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Requester;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal as a chat platform: each input line is a command ({@code /backend status}), a click
 * ({@code /click ID}) or a change of who is typing ({@code /as NAME}); messages are printed with
 * their id, thread replies under their parent. One line is answered before the next is read, so a
 * piped script runs in order; at end of input it returns once every reply is out.
 */
public final class ConsoleAdapter implements ChatAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConsoleAdapter.class);
    public static final String CHANNEL = "console";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final InputStream in;
    private final PrintStream out;
    private final ConsoleRenderer renderer = new ConsoleRenderer();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile String user;
    /** Button ids printed so far, newest last, so {@code /click approve} can mean the latest approve button. */
    private final java.util.Deque<String> shownButtons = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public ConsoleAdapter(InputStream in, PrintStream out, String user) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.user = Objects.requireNonNull(user, "user");
    }

    @Override
    public String name() {
        return "console";
    }

    public String user() {
        return user;
    }

    /** Reads input until it ends; each line is answered before the next is read. */
    @Override
    public void start(ChatListener listener) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while (!closed && (line = reader.readLine()) != null) {
            if (closed) {
                break;   // read while the bot was stopping: not taken
            }
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            CompletableFuture<Void> answered = handle(line, listener);
            try {
                answered.join();
            } catch (RuntimeException e) {
                log.error("handling '{}' failed", line, e);
                print("(that failed inside Triage: " + e.getClass().getSimpleName() + "; the log has the detail)\n");
            }
        }
    }

    private CompletableFuture<Void> handle(String line, ChatListener listener) {
        if (!line.startsWith("/")) {
            print("Commands start with /. Try /backend help\n");
            return CompletableFuture.completedFuture(null);
        }
        int space = line.indexOf(' ');
        String command = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(java.util.Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1).strip();
        Requester who = new Requester("console", user, user, Set.of());
        switch (command) {
            case "as" -> {
                if (!NAME.matcher(rest).matches()) {
                    print("Usage: /as NAME — continue as another person (letters, digits, . _ -), e.g. /as lead\n");
                } else {
                    user = rest;
                    print("You are now " + user + ".\n");
                }
                return CompletableFuture.completedFuture(null);
            }
            case "click" -> {
                if (rest.isEmpty()) {
                    print("Usage: /click ID — the id printed after a button, e.g. /click status:demo;"
                            + " /click approve presses the newest Approve button\n");
                    return CompletableFuture.completedFuture(null);
                }
                return listener.onButton(new ButtonEvent(who, CHANNEL, resolveButton(rest), null));
            }
            case "quit", "exit" -> {
                closed = true;
                return CompletableFuture.completedFuture(null);
            }
            default -> {
                return listener.onCommand(new CommandEvent(who, CHANNEL, command, rest));
            }
        }
    }

    /**
     * An exact id as printed, or a short form: {@code approve} (or {@code approve:1m8}) means the newest
     * printed button whose id starts with it. Anything else goes to the core as typed.
     */
    private String resolveButton(String typed) {
        if (shownButtons.contains(typed)) {
            return typed;
        }
        var newestFirst = shownButtons.descendingIterator();
        while (newestFirst.hasNext()) {
            String id = newestFirst.next();
            if (id.startsWith(typed.endsWith(":") || typed.contains(":") ? typed : typed + ":")) {
                return id;
            }
        }
        return typed;
    }

    private void remember(Message message) {
        for (Message.Button b : message.buttons()) {
            shownButtons.remove(b.id());
            shownButtons.addLast(b.id());
        }
        while (shownButtons.size() > 200) {
            shownButtons.pollFirst();
        }
    }

    @Override
    public MessageRef post(String channel, Message message) {
        String id = Integer.toString(sequence.incrementAndGet());
        MessageRef ref = new MessageRef(channel, id, null);
        remember(message);
        print(renderer.render("#" + id, message, ""));
        showImage(id, message, "");
        return ref;
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message) {
        String id = Integer.toString(sequence.incrementAndGet());
        MessageRef ref = new MessageRef(parent.channel(), id, parent.threadRoot());
        remember(message);
        print(renderer.render("#" + id + " ↳ thread #" + parent.threadRoot(), message, "    "));
        showImage(id, message, "    ");
        return ref;
    }

    @Override
    public void update(MessageRef ref, Message message) {
        String indent = ref.threadId() == null ? "" : "    ";
        String where = ref.threadId() == null ? "" : " ↳ thread #" + ref.threadId();
        remember(message);
        print(renderer.render("#" + ref.id() + where + " (edited)", message, indent));
        showImage(ref.id(), message, indent);
    }

    /**
     * Writes the pictures of the messages it prints into {@code folder} (created when missing) and prints each one's path;
     * by default a {@code triage-charts} folder in the system's temporary directory.
     */
    public ConsoleAdapter writingImagesTo(java.nio.file.Path folder) {
        this.images = Objects.requireNonNull(folder, "folder");
        return this;
    }

    private volatile java.nio.file.Path images = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "triage-charts");

    /** A terminal shows no pictures: the message's goes to a file, and its path is printed under the message. */
    private void showImage(String id, Message message, String indent) {
        if (message.image() == null) {
            return;
        }
        java.nio.file.Path folder = images;
        java.nio.file.Path file = folder.resolve(id + "-" + message.image().name()).toAbsolutePath();
        try {
            java.nio.file.Files.createDirectories(folder);
            java.nio.file.Files.write(file, message.image().png());
            print(indent + "chart: " + file + "  (" + message.image().alt() + ")" + System.lineSeparator());
        } catch (IOException e) {
            log.warn("could not write the picture of message #{} to {}: {}", id, file, e.toString());
            print(indent + "chart: could not be written to " + folder + " (" + e.getClass().getSimpleName() + ")"
                    + System.lineSeparator());
        }
    }

    /**
     * Keeps the delivery key of every queued message it prints in {@code transcript} (one line: key, channel, id), so a
     * message the bot printed just before a crash — printed, never recorded as delivered — is found there after the
     * restart instead of printed twice, and ids go on from the last one printed. Without it, a terminal can't be asked.
     */
    public ConsoleAdapter keepingDeliveriesIn(java.nio.file.Path transcript) {
        this.transcript = transcript;
        try {
            if (java.nio.file.Files.exists(transcript)) {
                try (var lines = java.nio.file.Files.lines(transcript)) {
                    lines.map(l -> l.split("\t")).filter(f -> f.length == 3 && f[2].matches("\\d{1,9}"))
                            .mapToInt(f -> Integer.parseInt(f[2])).max().ifPresent(last -> sequence.accumulateAndGet(last, Math::max));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException("Could not read the console's delivery transcript " + transcript + ": " + e.getMessage(), e);
        }
        return this;
    }

    private volatile java.nio.file.Path transcript;

    @Override
    public MessageRef post(String channel, Message message, dev.triage.adapters.Delivery delivery) {
        delivery.mayProceed();
        return kept(delivery, post(channel, message));
    }

    @Override
    public MessageRef reply(MessageRef parent, Message message, dev.triage.adapters.Delivery delivery) {
        delivery.mayProceed();
        return kept(delivery, reply(parent, message));
    }

    private MessageRef kept(dev.triage.adapters.Delivery delivery, MessageRef ref) {
        java.nio.file.Path file = transcript;
        if (file != null) {
            try {
                java.nio.file.Files.writeString(file, delivery.key() + "\t" + ref.channel() + "\t" + ref.id() + "\n",
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND,
                        java.nio.file.StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not note delivery " + delivery.key() + " in " + file, e);
            }
        }
        return ref;
    }

    @Override
    public java.util.Optional<MessageRef> findDelivered(String channel, MessageRef thread, String deliveryKey, java.time.Instant since) {
        java.nio.file.Path file = transcript;
        if (file == null || !java.nio.file.Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try (var lines = java.nio.file.Files.lines(file)) {
            return lines.map(l -> l.split("\t")).filter(f -> f.length == 3 && f[0].equals(deliveryKey)).findFirst()
                    .map(f -> new MessageRef(f[1], f[2], thread == null ? null : thread.threadRoot()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void ephemeral(String channel, String userId, Message message) {
        print(renderer.render("(only " + userId + " can see this)", message, ""));
    }

    private void print(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The line being answered is finished; no further line is taken. */
    @Override
    public void stopReceiving() {
        closed = true;
    }
}
