package dev.triage.bot.command;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Button ids are {@code KIND:ARGUMENT} (e.g. {@code status:prod}); each kind has one handler. The id
 * is opaque to adapters and never trusted: the handler validates the argument like typed input.
 */
public final class ButtonRouter {

    @FunctionalInterface
    public interface Handler {
        void handle(CommandContext ctx, String argument);
    }

    private final Map<String, Handler> handlers = new LinkedHashMap<>();

    public ButtonRouter on(String kind, Handler handler) {
        if (handlers.putIfAbsent(kind, handler) != null) {
            throw new IllegalArgumentException("button kind " + kind + " is registered twice");
        }
        return this;
    }

    public void dispatch(CommandContext ctx, String buttonId) {
        int colon = buttonId.indexOf(':');
        String kind = colon < 0 ? buttonId : buttonId.substring(0, colon);
        String argument = colon < 0 ? "" : buttonId.substring(colon + 1);
        Handler h = handlers.get(kind);
        if (h == null) {
            throw new UsageException("That button (" + buttonId + ") isn't one Triage knows — it may be from an older version. Run the command again.");
        }
        h.handle(ctx, argument);
    }
}
