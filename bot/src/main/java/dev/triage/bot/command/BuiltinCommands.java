package dev.triage.bot.command;

import dev.triage.config.CommandDefinition;
import dev.triage.config.CommandParser;
import dev.triage.config.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The built-in {@code /backend} subcommands as data: {@code commands/builtin.yaml} inside the jar. */
public final class BuiltinCommands {
    static final String RESOURCE = "commands/builtin.yaml";

    private BuiltinCommands() {
    }

    public static List<CommandDefinition> definitions() {
        List<Problem> problems = new ArrayList<>();
        List<CommandDefinition> out = CommandParser.parseFile(read(), RESOURCE, CommandParser.Known.ANY, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the jar's " + RESOURCE + " is invalid: " + problems);
        }
        return out;
    }

    public static Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        definitions().forEach(d -> out.add(d.name()));
        return out;
    }

    private static String read() {
        try (InputStream in = BuiltinCommands.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
