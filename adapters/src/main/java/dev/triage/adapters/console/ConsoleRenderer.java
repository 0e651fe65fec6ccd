package dev.triage.adapters.console;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import java.util.List;

/** Renders the message model as terminal text: status words always visible, buttons with the command that clicks them. */
public final class ConsoleRenderer {
    private static final int WORD_WIDTH = 8;

    /**
     * @param header the message's id and place, e.g. {@code #3} or {@code #5 ↳ thread #3}
     * @param indent prefix for every line (thread replies are indented under their parent)
     */
    public String render(String header, Message m, String indent) {
        StringBuilder out = new StringBuilder();
        out.append(indent).append(header).append("  ");
        if (m.tone() != Tone.INFO) {
            out.append('[').append(m.tone().word()).append("] ");
        }
        out.append(m.title()).append('\n');
        int labelWidth = m.lines().stream().mapToInt(l -> l.label().length()).max().orElse(0);
        boolean toned = m.lines().stream().anyMatch(l -> l.tone() != Tone.INFO);
        for (Message.Line line : m.lines()) {
            out.append(indent).append("  ");
            if (toned) {
                out.append(pad(line.tone() == Tone.INFO ? "" : line.tone().word(), WORD_WIDTH));
            }
            if (!line.label().isEmpty()) {
                out.append(pad(line.label(), labelWidth + 2));
            }
            out.append(line.text());
            if (line.detail() != null && !line.detail().isBlank()) {
                out.append("   (").append(line.detail()).append(')');
            }
            out.append('\n');
        }
        for (Message.Field f : m.fields()) {
            out.append(indent).append("  ").append(f.name()).append(": ").append(f.value()).append('\n');
        }
        if (m.footer() != null && !m.footer().isBlank()) {
            out.append(indent).append("  ").append(m.footer()).append('\n');
        }
        List<Message.Button> buttons = m.buttons();
        if (!buttons.isEmpty()) {
            out.append(indent).append("  ");
            for (int i = 0; i < buttons.size(); i++) {
                Message.Button b = buttons.get(i);
                if (i > 0) {
                    out.append("   ");
                }
                out.append('[').append(b.label()).append("] /click ").append(b.id());
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
