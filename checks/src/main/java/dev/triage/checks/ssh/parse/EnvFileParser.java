package dev.triage.checks.ssh.parse;

import dev.triage.config.Placeholders;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an env file ({@code KEY=value}, {@code export KEY=value}, single or double quotes, {@code #}
 * comments, empty values) as systemd's {@code EnvironmentFile} and compose's {@code .env} accept it, and
 * keeps only each variable's name and {@link EnvValueKind}. Nothing it returns, including exception
 * messages, contains a value.
 */
public final class EnvFileParser {

    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*(.*)$");

    private EnvFileParser() {
    }

    public static EnvFileScan parse(String content) {
        return parse(content, (name, value) -> { });
    }

    /**
     * The same, telling {@code values} each variable's value as it is read — only so that the redaction filter can
     * remove it from whatever else is shown (a journal line, say); it never reaches the scan.
     */
    public static EnvFileScan parse(String content, java.util.function.BiConsumer<String, String> values) {
        var variables = new LinkedHashMap<String, EnvValueKind>();
        var malformed = new ArrayList<Integer>();
        int lineNo = 0;
        for (String raw : content.split("\\R")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                malformed.add(lineNo);
                continue;
            }
            String name = m.group(1);
            String value = unquote(m.group(2));
            variables.remove(name);
            variables.put(name, classify(value));
            values.accept(name, value);
        }
        return new EnvFileScan(variables, malformed);
    }

    /** The value as the service sees it: quotes removed, or an unquoted value's trailing {@code # comment} dropped. */
    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
            int close = value.indexOf(value.charAt(0), 1);
            if (close > 0) {
                return value.substring(1, close);
            }
        }
        int comment = value.indexOf(" #");
        return (comment >= 0 ? value.substring(0, comment) : value).strip();
    }

    /** By {@link Placeholders}' rules, shared with config validation and the Render check. */
    public static EnvValueKind classify(String value) {
        if (Placeholders.empty(value)) {
            return EnvValueKind.EMPTY;
        }
        return Placeholders.problem(value).isPresent() ? EnvValueKind.PLACEHOLDER : EnvValueKind.SET;
    }
}
