package dev.triage.adapters.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.ButtonEvent;
import dev.triage.adapters.ChatListener;
import dev.triage.adapters.CommandEvent;
import dev.triage.adapters.Message;
import dev.triage.adapters.MessageRef;
import dev.triage.adapters.Tone;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConsoleAdapterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<Object> events = new ArrayList<>();

    private ConsoleAdapter console(String input) {
        return new ConsoleAdapter(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), "oncall");
    }

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private ChatListener recorder(ConsoleAdapter console) {
        return new ChatListener() {
            @Override
            public CompletableFuture<Void> onCommand(CommandEvent e) {
                events.add(e);
                return CompletableFuture.runAsync(() -> console.post(e.channel(), Message.text("answer to " + e.text())));
            }

            @Override
            public CompletableFuture<Void> onButton(ButtonEvent e) {
                events.add(e);
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Test
    void aPictureIsWrittenToAFileWhosePathIsPrintedUnderItsMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
            throws Exception {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
        ConsoleAdapter console = console("").writingImagesTo(folder.resolve("charts"));
        MessageRef root = console.post("console", Message.text("demo — last 7d: 100.000 % up"));

        console.reply(root, Message.builder("Uptime chart: demo, last 7d")
                .image(new Message.Image("uptime-demo-7d-20261201T1745Z.png", "Uptime chart of demo, last 7d", png.toByteArray())).build());

        java.nio.file.Path file = folder.resolve("charts").resolve("2-uptime-demo-7d-20261201T1745Z.png").toAbsolutePath();
        assertTrue(out().contains("    chart: " + file + "  (Uptime chart of demo, last 7d)"), out());
        assertTrue(java.util.Arrays.equals(png.toByteArray(), java.nio.file.Files.readAllBytes(file)));
    }

    @Test
    void linesBecomeCommandsClicksAndChangesOfUser() throws Exception {
        ConsoleAdapter console = console("/backend status prod\n/as lead\n/click approve:42\n/backend help\n");
        console.start(recorder(console));
        CommandEvent first = (CommandEvent) events.get(0);
        assertEquals("backend", first.command());
        assertEquals("status prod", first.text());
        assertEquals("oncall", first.user().userId());
        ButtonEvent click = (ButtonEvent) events.get(1);
        assertEquals("approve:42", click.buttonId());
        assertEquals("lead", click.user().userId());
        assertEquals("lead", ((CommandEvent) events.get(2)).user().userId());
        // Each answer is printed before the next line is read, so a piped script keeps its order.
        assertTrue(out().indexOf("answer to status prod") < out().indexOf("You are now lead."), out());
    }

    @Test
    void threadRepliesArePrintedUnderTheirParentWithItsId() {
        ConsoleAdapter console = console("");
        MessageRef root = console.post("console", Message.of(Tone.FAIL, "prod is DOWN"));
        MessageRef reply = console.reply(root, Message.text("diagnosis: service down"));
        console.reply(reply, Message.text("restart requested"));
        console.update(root, Message.of(Tone.OK, "prod recovered"));
        assertNull(root.threadId());
        assertEquals(root.id(), reply.threadId());
        String out = out();
        assertTrue(out.contains("#1  [FAIL] prod is DOWN"), out);
        assertTrue(out.contains("    #2 ↳ thread #1  diagnosis: service down"), out);
        assertTrue(out.contains("    #3 ↳ thread #1  restart requested"), out);
        assertTrue(out.contains("#1 (edited)  [OK] prod recovered"), out);
    }

    @Test
    void statusWordsAndButtonCommandsAreVisible() {
        ConsoleAdapter console = console("");
        console.post("console", Message.builder("prod — DOWN").tone(Tone.FAIL)
                .line(Tone.FAIL, "http-health", "503", "3 ms")
                .line(Tone.SKIPPED, "journal", "no ssh configured", null)
                .button(Message.Button.of("diagnose:prod", "Diagnose"))
                .build());
        String out = out();
        assertTrue(out.contains("FAIL    http-health  503   (3 ms)"), out);
        assertTrue(out.contains("SKIPPED journal      no ssh configured"), out);
        assertTrue(out.contains("[Diagnose] /click diagnose:prod"), out);
    }

    @Test
    void badInputGetsAHintNotSilence() throws Exception {
        ConsoleAdapter console = console("hello\n/as\n/click\n");
        console.start(recorder(console));
        assertTrue(events.isEmpty());
        assertTrue(out().contains("Commands start with /. Try /backend help"), out());
        assertTrue(out().contains("Usage: /as NAME"), out());
        assertTrue(out().contains("Usage: /click ID"), out());
    }

    @Test
    void aMessagePrintedBeforeACrashIsFoundInTheTranscriptAfterTheRestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path transcript = dir.resolve("triage.db.console-delivered");
        ConsoleAdapter before = console("").keepingDeliveriesIn(transcript);
        MessageRef printed = before.post(ConsoleAdapter.CHANNEL, Message.text("OPEN  demo is DOWN"),
                dev.triage.adapters.Delivery.keyed("item-1"));

        ConsoleAdapter after = console("").keepingDeliveriesIn(transcript);
        assertEquals(java.util.Optional.of(printed), after.findDelivered(ConsoleAdapter.CHANNEL, null, "item-1", java.time.Instant.EPOCH),
                "the restarted bot finds what the terminal was shown");
        assertEquals(java.util.Optional.empty(), after.findDelivered(ConsoleAdapter.CHANNEL, null, "item-2", java.time.Instant.EPOCH),
                "and only that");
        MessageRef next = after.post(ConsoleAdapter.CHANNEL, Message.text("next"));
        assertTrue(Integer.parseInt(next.id()) > Integer.parseInt(printed.id()), "ids go on, so edits find the right message");
    }
}
