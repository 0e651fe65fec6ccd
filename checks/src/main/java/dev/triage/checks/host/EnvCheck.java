package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.EnvFileParser;
import dev.triage.config.Redactor;
import dev.triage.config.SecretSink;
import dev.triage.checks.ssh.parse.EnvFileScan;
import dev.triage.checks.ssh.parse.EnvValueKind;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code env}: reads the service's env file ({@code service.env_file}, else the compose project's
 * {@code .env}) with {@code sudo -n cat} (003, 002). FAIL when a {@code service.required_env} variable is
 * missing, empty or a placeholder; WARN when another variable is a placeholder. Only NAMES appear in the
 * result: the file's content never leaves this class and {@link EnvFileParser}.
 */
public final class EnvCheck extends HostCheck {
    public static final String ID = "env";


    private final SecretSink secrets;

    public EnvCheck(RemoteShell shell, CommandTemplates templates) {
        this(shell, templates, SecretSink.NONE);
    }

    /** @param secrets told the values that look secret (by their name or their look), so the redaction filter removes them */
    public EnvCheck(RemoteShell shell, CommandTemplates templates, SecretSink secrets) {
        super(ID, shell, templates);
        this.secrets = secrets;
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessSshAndService(ID, target).or(() -> CommandTemplates.envFileOf(target.service()) != null ? Optional.empty()
                : Optional.of(Skips.because(ID, target, "no env file: set service.env_file (or service.compose_dir for a compose .env)")));
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target.service(), CommandTemplates.envFileOf(target.service()));
    }

    private CheckResult inspect(HostSession session, Service service, String file) throws HostProblem {
        CommandResult cat = session.run(CommandTemplates.ENV_FILE);
        var facts = new LinkedHashMap<String, String>();
        if (!cat.succeeded()) {
            if (cat.stderr().contains("No such file or directory")) {
                facts.put("envFile", "missing");
                return session.result(ID, Status.FAIL, "env file " + file + " does not exist on " + session.host()
                        + ": the service starts without its settings", Evidence.tail(cat.stderr()), facts);
            }
            throw session.unexpected(cat, "the env file's content");
        }
        EnvFileScan scan = EnvFileParser.parse(cat.stdout(), (name, value) -> {
            if (Redactor.looksSecret(name, value)) {
                secrets.seen(value);
            }
        });
        var missing = new ArrayList<String>();
        var empty = new ArrayList<String>();
        var placeholder = new ArrayList<String>();
        for (String name : service.requiredEnv()) {
            EnvValueKind kind = scan.kindOf(name);
            if (kind == null) {
                missing.add(name);
            } else if (kind == EnvValueKind.EMPTY) {
                empty.add(name);
            } else if (kind == EnvValueKind.PLACEHOLDER) {
                placeholder.add(name);
            }
        }
        var otherPlaceholders = new ArrayList<String>();
        scan.variables().forEach((name, kind) -> {
            if (kind == EnvValueKind.PLACEHOLDER && !service.requiredEnv().contains(name)) {
                otherPlaceholders.add(name);
            }
        });

        facts.put("envFile", file);
        facts.put("variables", Integer.toString(scan.variables().size()));
        putNames(facts, "missing", missing);
        putNames(facts, "empty", empty);
        putNames(facts, "placeholder", placeholder);
        putNames(facts, "otherPlaceholders", otherPlaceholders);

        var evidence = new ArrayList<String>();
        missing.forEach(n -> evidence.add(n + ": missing"));
        empty.forEach(n -> evidence.add(n + ": empty"));
        placeholder.forEach(n -> evidence.add(n + ": placeholder value"));
        if (!otherPlaceholders.isEmpty()) {
            evidence.add("placeholder values, not in service.required_env: " + String.join(", ", otherPlaceholders));
        }
        if (!scan.malformedLines().isEmpty()) {
            evidence.add("lines " + scan.malformedLines() + " are not KEY=value assignments");
        }

        // A placeholder is a value nobody set (003's cause 1: SUPABASE_SERVICE_KEY), whether or not the config lists
        // the variable as required: the service reads it either way.
        var unsetPlaceholders = new ArrayList<>(placeholder);
        unsetPlaceholders.addAll(otherPlaceholders);
        int bad = missing.size() + empty.size() + unsetPlaceholders.size();
        if (bad > 0) {
            var parts = new ArrayList<String>();
            describe(parts, "missing", missing);
            describe(parts, "empty", empty);
            describe(parts, "placeholder", unsetPlaceholders);
            facts.put("problem", String.join("; ", parts));
            String what = missing.isEmpty() && empty.isEmpty() ? "variables in " + file + " still hold placeholder values: "
                    : "variables in " + file + " not set: ";
            return session.result(ID, Status.FAIL, what + String.join("; ", parts), evidence, facts);
        }
        if (!scan.malformedLines().isEmpty()) {
            return session.result(ID, Status.WARN, "required variables are set in " + file + ", but some lines are"
                    + " malformed", evidence, facts);
        }
        String required = service.requiredEnv().isEmpty() ? "no required variables configured (service.required_env)"
                : "all " + service.requiredEnv().size() + " required variables are set";
        return session.result(ID, Status.OK, file + ": " + scan.variables().size() + " variables, " + required,
                List.of(scan.variables().size() + " variables: " + String.join(", ", scan.variables().keySet())), facts);
    }

    private static void putNames(Map<String, String> facts, String key, List<String> names) {
        if (!names.isEmpty()) {
            facts.put(key, String.join(",", names));
        }
    }

    private static void describe(List<String> parts, String what, List<String> names) {
        if (!names.isEmpty()) {
            parts.add(what + " " + String.join(", ", names));
        }
    }
}
