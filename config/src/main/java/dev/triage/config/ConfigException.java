package dev.triage.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that can't be used, with every problem found (not just the first). */
public class ConfigException extends Exception {
    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the configuration:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String path, String message) {
        return new ConfigException(List.of(new Problem(path, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
