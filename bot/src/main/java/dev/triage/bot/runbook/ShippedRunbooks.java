package dev.triage.bot.runbook;

import dev.triage.config.ConfigException;
import dev.triage.config.Problem;
import dev.triage.config.Runbook;
import dev.triage.config.RunbookParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbooks inside the jar: the five seed documents as data, one YAML file each under
 * {@code runbooks/} on the classpath ({@code bot/src/main/resources/runbooks/}, which
 * {@code config/runbooks} points at), listed in {@code runbooks/index.txt}.
 */
public final class ShippedRunbooks {
    public static final String FOLDER = "runbooks/";

    private ShippedRunbooks() {
    }

    /** Every shipped runbook, parsed; a broken one is a bug in the jar, so it fails loudly. */
    public static List<Runbook> load() {
        List<Problem> problems = new ArrayList<>();
        List<Runbook> out = new ArrayList<>();
        for (String file : index()) {
            Runbook r = RunbookParser.parseFile(read(FOLDER + file), FOLDER + file, problems);
            if (r != null) {
                out.add(r);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(new ConfigException(problems).getMessage());
        }
        return List.copyOf(out);
    }

    static List<String> index() {
        return read(FOLDER + "index.txt").lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String read(String resource) {
        try (InputStream in = ShippedRunbooks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
