package dev.triage.bot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Command-line words split into positionals, flags and options ({@code --config FILE} or {@code --config=FILE}). */
record Args(List<String> positional, Set<String> flags, Map<String, String> options) {

    static Args parse(String[] argv, Set<String> knownFlags, Set<String> knownOptions) {
        List<String> positional = new ArrayList<>();
        Set<String> flags = new HashSet<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (a.equals("--help") || a.equals("-h")) {
                flags.add("--help");
            } else if (a.startsWith("--")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (knownFlags.contains(name) && !a.contains("=")) {
                    flags.add(name);
                } else if (knownOptions.contains(name)) {
                    String value;
                    if (a.contains("=")) {
                        value = a.substring(a.indexOf('=') + 1);
                    } else if (i + 1 < argv.length) {
                        value = argv[++i];
                    } else {
                        throw new IllegalArgumentException(name + " needs a value, e.g. " + name + " " + example(name));
                    }
                    options.put(name, value);
                } else {
                    throw new IllegalArgumentException("Unknown option " + name);
                }
            } else {
                positional.add(a);
            }
        }
        return new Args(List.copyOf(positional), Set.copyOf(flags), Map.copyOf(options));
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    private static String example(String option) {
        return switch (option) {
            case "--config" -> "config/examples/triage.yaml";
            case "--port" -> "8081";
            default -> "VALUE";
        };
    }
}
