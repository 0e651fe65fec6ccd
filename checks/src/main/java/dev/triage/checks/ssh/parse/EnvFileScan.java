package dev.triage.checks.ssh.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of an env file by NAME with a classification of each value; the values themselves
 * never leave {@link EnvFileParser}.
 *
 * @param variables      name to kind, in file order (a name given twice: the last wins, as for systemd)
 * @param malformedLines line numbers that are neither comments nor assignments (their text is not kept:
 *                       it could be a secret)
 */
public record EnvFileScan(Map<String, EnvValueKind> variables, List<Integer> malformedLines) {

    public EnvFileScan {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        malformedLines = List.copyOf(malformedLines);
    }

    /** The kind of the named variable, or null when the file does not set it. */
    public EnvValueKind kindOf(String name) {
        return variables.get(name);
    }
}
