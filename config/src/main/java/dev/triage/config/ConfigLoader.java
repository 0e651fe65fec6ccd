package dev.triage.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one YAML file into a validated {@link TriageConfig}. Validation walks the whole file and
 * collects every problem before failing, each as {@code path: what is wrong (got X)} — except for
 * secrets, whose values are never shown.
 */
public final class ConfigLoader {

    /** Values that end up inside remote command templates: no spaces, quotes or shell syntax. */
    static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;
    private final Set<String> knownChecks;
    private final List<Runbook> shippedRunbooks;
    private final Set<String> builtinCommands;
    private SecretSink secrets = SecretSink.NONE;

    /**
     * @param env         the environment for {@code ${VAR}} substitution
     * @param knownChecks check ids a target may list under {@code checks}
     */
    public ConfigLoader(Map<String, String> env, Set<String> knownChecks) {
        this(env, knownChecks, List.of());
    }

    /** @param shippedRunbooks the runbooks in the jar, which targets may choose and the file's own may replace */
    public ConfigLoader(Map<String, String> env, Set<String> knownChecks, List<Runbook> shippedRunbooks) {
        this(env, knownChecks, shippedRunbooks, Set.of());
    }

    /** @param builtinCommands the {@code /backend} subcommands in the jar, which {@code commands:} may override by name */
    public ConfigLoader(Map<String, String> env, Set<String> knownChecks, List<Runbook> shippedRunbooks, Set<String> builtinCommands) {
        this.builtinCommands = Set.copyOf(builtinCommands);
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.knownChecks = Set.copyOf(Objects.requireNonNull(knownChecks, "knownChecks"));
        this.shippedRunbooks = List.copyOf(shippedRunbooks);
    }

    /** Every secret value the file gives (once substituted) is told to {@code sink}, so the redaction filter knows it. */
    public ConfigLoader tellingSecretsTo(SecretSink sink) {
        this.secrets = Objects.requireNonNull(sink, "sink");
        return this;
    }

    public TriageConfig load(Path file) throws ConfigException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    throw ConfigException.of("", "is a binary file, not YAML text (it holds NUL bytes): pass your triage.yaml");
                }
            }
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw ConfigException.of("", "no such file; pass the path of your triage.yaml (see config/examples/triage.yaml)");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ConfigException.of("", "is not UTF-8 text: save it as UTF-8 (a binary file, or another encoding such as "
                    + "Latin-1 or UTF-16?)");
        } catch (IOException e) {
            throw ConfigException.of("", "can't be read (" + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()) + ")");
        }
        return parse(text, file.getParent() == null ? Path.of(".") : file.getParent());
    }

    /** @param baseDir relative paths in the file (keys, known_hosts) are resolved against it */
    public TriageConfig parse(String yaml, Path baseDir) throws ConfigException {
        JsonNode root;
        try {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw ConfigException.of(yamlWhere(e), "not valid YAML: " + yamlProblem(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ConfigException.of("", "the configuration is empty; start from config/examples/triage.yaml");
        }
        Walk walk = new Walk(new EnvSubstitution(env), baseDir);
        TriageConfig config = walk.root(root);
        if (!walk.problems.isEmpty()) {
            throw new ConfigException(walk.problems);
        }
        return config;
    }

    /**
     * Where the parser found the problem: the YAML parser's own problem mark (the character it stopped at), not the
     * start of the construct it was reading, which is a line or more earlier.
     */
    private static String yamlWhere(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
            return "line " + (marked.getProblemMark().getLine() + 1) + ", column " + (marked.getProblemMark().getColumn() + 1);
        }
        var loc = e.getLocation();
        return loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /** The parser's whole problem — what it was reading, and what it found — with a hint for the usual mistakes. */
    private static String yamlProblem(JsonProcessingException e) {
        String what;
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
            what = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
        } else {
            what = e.getOriginalMessage() == null ? "not valid YAML" : e.getOriginalMessage().lines().findFirst().orElse("not valid YAML");
        }
        what = what.replace("\n", " ").strip();
        if (what.contains("\\t") && !what.contains("indentation")) {
            what += " (YAML indents with spaces, never tabs)";
        } else if (what.startsWith("Duplicate field")) {
            what += " (each key once per mapping)";
        }
        return what;
    }

    /** One pass over the tree, collecting problems instead of stopping at the first. */
    private final class Walk extends ConfigNodes {
        final List<Problem> problems;
        /** Each target's {@code cloud:} block, by target name. */
        final Map<String, CloudSettings> cloud = new LinkedHashMap<>();
        /** The built-in check ids plus the names of the file's own {@code checks:}. */
        Set<String> checkIds = knownChecks;
        final Path baseDir;

        Walk(EnvSubstitution substitution, Path baseDir) {
            this(substitution, baseDir, new ArrayList<>());
        }

        private Walk(EnvSubstitution substitution, Path baseDir, List<Problem> problems) {
            super(substitution, (path, message) -> problems.add(new Problem(path, message)), ConfigLoader.this.secrets);
            this.problems = problems;
            this.baseDir = baseDir;
        }

        TriageConfig root(JsonNode root) {
            if (!root.isObject()) {
                problem("", "the top level must be a mapping with targets, channels and adapters (got " + kind(root) + ")");
                return null;
            }
            keys(root, "", Set.of("targets", "channels", "adapters", "health_port", "roles", "access", "approvals", "store", "probing",
                    "runbooks", "checks", "commands", "ha"));
            CustomCheckParser customParser = new CustomCheckParser(knownChecks, this);
            List<CustomCheck> customChecks = customParser.checks(root.path("checks"));
            Set<String> ids = new java.util.LinkedHashSet<>(knownChecks);
            ids.addAll(customParser.names());
            checkIds = Set.copyOf(ids);
            List<Target> targets = targets(root.path("targets"));
            TriageConfig.Channels channels = channels(root.path("channels"));
            TriageConfig.Adapters adapters = adapters(root.path("adapters"));
            Integer healthPort = root.has("health_port") ? port(root.get("health_port"), "health_port", true) : Integer.valueOf(0);
            Access access = access(root);
            StoreSettings store = store(root.path("store"));
            Probing probing = probing(root);
            List<Runbook> runbooks = runbooks(root.path("runbooks"), access);
            Map<String, String> choices = runbookChoices(root.path("targets"), runbooks);
            List<CommandDefinition> commands = commands(root.path("commands"), access, runbooks);
            HaSettings ha = ha(root.path("ha"));
            Map<String, Remediation> remediations = remediations(root.path("targets"), access);
            return new TriageConfig(targets, channels, adapters, healthPort == null ? 0 : healthPort, access, store, probing,
                    runbooks, choices, customChecks).withCloud(cloud).withCommands(commands).withHa(ha).withRemediations(remediations);
        }

        /**
         * {@code targets[].remediate: {action: restart-service, after: 2m, max_per_hour: 2, hold: 30s, escalate: [...]}}.
         * Whether the target can run the action is the bot's to say (it knows the actions); here: the form, never
         * reboot-host, an action with a policy, and a cap within the action's own storm guard.
         */
        Map<String, Remediation> remediations(JsonNode targets, Access access) {
            Map<String, Remediation> out = new LinkedHashMap<>();
            if (!targets.isArray()) {
                return out;
            }
            for (int i = 0; i < targets.size(); i++) {
                JsonNode t = targets.get(i);
                if (!t.isObject() || !t.has("remediate") || t.get("remediate").isNull()) {
                    continue;
                }
                String path = "targets[" + i + "].remediate";
                Remediation r = remediation(t.get("remediate"), path, access);
                String name = t.path("name").asText(null);
                if (r != null && name != null) {
                    out.put(substitution.apply(name, v -> { }), r);
                }
            }
            return out;
        }

        Remediation remediation(JsonNode node, String path, Access access) {
            if (!node.isObject()) {
                problem(path, "must be a mapping like {action: restart-service, after: 2m, max_per_hour: 2} (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("action", "after", "max_per_hour", "hold", "escalate"));
            int before = problems.size();
            String action = string(node, path, "action", true);
            Map<String, Access.ActionPolicy> policies = access == null ? Access.DEFAULT_ACTIONS : access.actions();
            Access.ActionPolicy policy = null;
            if (action != null && Remediation.NEVER_UNATTENDED.contains(action)) {
                problem(path + ".action", action + " is never run without a person (it takes the whole host down); "
                        + "choose an action that restarts the service, e.g. restart-service, or leave it to an approval");
            } else if (action != null) {
                policy = policies.get(action);
                if (policy == null) {
                    java.util.TreeSet<String> known = new java.util.TreeSet<>(policies.keySet());
                    known.removeAll(Remediation.NEVER_UNATTENDED);
                    problem(path + ".action", "unknown action (got " + action + ")" + Suggestions.didYouMean(action, known)
                            + "; actions: " + String.join(", ", known));
                }
            }
            Duration after = duration(node, path, "after");
            Duration hold = duration(node, path, "hold");
            if (hold != null && hold.compareTo(Remediation.MAX_HOLD) > 0) {
                problem(path + ".hold", "must be at most " + Durations.format(Remediation.MAX_HOLD) + ": longer than that, ask for an "
                        + "approval instead (got " + Durations.format(hold) + ")");
            }
            int perHour = Remediation.DEFAULT_PER_HOUR;
            if (node.has("max_per_hour")) {
                JsonNode m = node.get("max_per_hour");
                if (m.canConvertToInt() && m.asInt() >= 1 && m.asInt() <= 1000) {
                    perHour = m.asInt();
                } else {
                    problem(path + ".max_per_hour", "must be 1..1000 (got " + m.asText() + ")");
                }
            }
            if (policy != null && perHour > policy.maxPerHour()) {
                problem(path + ".max_per_hour", "is above the storm guard's cap of " + policy.maxPerHour() + " runs of " + action
                        + " an hour (access.actions." + action + ".max_per_hour), which counts unattended runs too: lower it, "
                        + "or raise the guard's (got " + perHour + ")");
            }
            List<String> escalate = new ArrayList<>();
            JsonNode e = node.path("escalate");
            if (!e.isMissingNode() && !e.isNull()) {
                List<String> given = e.isArray() ? stringList(e, path + ".escalate") : new ArrayList<>();
                if (!e.isArray()) {
                    String one = scalar(e, path + ".escalate");
                    if (one != null && !one.isBlank()) {
                        given.add(one.strip());
                    }
                }
                for (int i = 0; i < given.size(); i++) {
                    String m = given.get(i);
                    int colon = m.indexOf(':');
                    String kind = colon < 0 ? "" : m.substring(0, colon);
                    if (colon < 1 || colon == m.length() - 1 || !Access.MEMBER_KINDS.contains(kind)) {
                        problem(path + ".escalate" + (e.isArray() ? "[" + i + "]" : ""), "who to page is PLATFORM:ID as in roles:, "
                                + "e.g. slack-group:S0456 or discord-role:5678, with PLATFORM one of "
                                + String.join(", ", new java.util.TreeSet<>(Access.MEMBER_KINDS)) + " (got " + m + ")");
                    } else {
                        escalate.add(m);
                    }
                }
            }
            if (problems.size() > before || action == null) {
                return null;
            }
            return new Remediation(action, after, perHour, hold, escalate);
        }

        /** {@code ha:} the leader lease of several replicas on PostgreSQL. */
        HaSettings ha(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return HaSettings.defaults();
            }
            if (!node.isObject()) {
                problem("ha", "must be a mapping like {lease_ttl: 10s, renew_every: 3s} (got " + kind(node) + ")");
                return HaSettings.defaults();
            }
            keys(node, "ha", Set.of("lease_ttl", "renew_every", "replica_name"));
            Duration ttl = duration(node, "ha", "lease_ttl");
            Duration renew = duration(node, "ha", "renew_every");
            String name = string(node, "ha", "replica_name", false);
            if (name != null && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
                problem("ha.replica_name", "must be letters, digits, '.', '_' or '-', at most 63 (got " + name + ")");
                name = null;
            }
            try {
                return new HaSettings(ttl, renew, name);
            } catch (IllegalArgumentException e) {
                String path = e.getMessage().startsWith("ha.lease_ttl") ? "ha.lease_ttl" : "ha.renew_every";
                problem(path, e.getMessage().substring(path.length()).strip());
                return HaSettings.defaults();
            }
        }

        /** {@code commands:}, each checked against the roles, checks, runbooks, actions and built-in commands known. */
        List<CommandDefinition> commands(JsonNode node, Access access, List<Runbook> own) {
            Set<String> roles = new java.util.TreeSet<>(access == null ? Set.of() : access.roles().keySet());
            roles.add(Access.EVERYONE);
            Set<String> runbookNames = new java.util.TreeSet<>();
            shippedRunbooks.forEach(r -> runbookNames.add(r.name()));
            own.forEach(r -> runbookNames.add(r.name()));
            Set<String> actions = new java.util.TreeSet<>(Access.DEFAULT_ACTIONS.keySet());
            if (access != null) {
                actions.addAll(access.actions().keySet());
            }
            var known = new CommandParser.Known(roles, checkIds, runbookNames, actions, builtinCommands);
            return new CommandParser(known, this).commands(node, "commands");
        }

        /** The file's own runbooks, each checked against the known checks, the actions with a policy, and its own steps. */
        List<Runbook> runbooks(JsonNode node, Access access) {
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                problem("runbooks", "must be a list of runbooks, each with name, documents, checks and steps (got " + kind(node) + ")");
                return List.of();
            }
            RunbookParser parser = new RunbookParser(this);
            List<Runbook> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Runbook r = parser.runbook(node.get(i), "runbooks[" + i + "]");
                if (r != null) {
                    out.add(r);
                }
            }
            new RunbookValidator(checkIds, access == null ? Access.DEFAULT_ACTIONS.keySet() : access.actions().keySet())
                    .validate(out, this::problem);
            return out;
        }

        /** {@code targets[].runbook}: each must name a shipped runbook or one of the file's. */
        Map<String, String> runbookChoices(JsonNode targets, List<Runbook> own) {
            Map<String, String> out = new LinkedHashMap<>();
            if (!targets.isArray()) {
                return out;
            }
            Set<String> names = new java.util.TreeSet<>();
            shippedRunbooks.forEach(r -> names.add(r.name()));
            own.forEach(r -> names.add(r.name()));
            for (int i = 0; i < targets.size(); i++) {
                JsonNode t = targets.get(i);
                String chosen = t.isObject() ? string(t, "targets[" + i + "]", "runbook", false) : null;
                if (chosen == null) {
                    continue;
                }
                if (!names.contains(chosen)) {
                    problem("targets[" + i + "].runbook", "unknown runbook (got " + chosen + ")" + Suggestions.didYouMean(chosen, names)
                            + "; runbooks: " + String.join(", ", names));
                } else if (t.hasNonNull("name")) {
                    out.put(substitution.apply(t.get("name").asText(), v -> { }), chosen);
                }
            }
            return out;
        }

        Probing probing(JsonNode root) {
            boolean enabled = true;
            int maxInFlight = Probing.DEFAULT_MAX_IN_FLIGHT;
            JsonNode p = root.path("probing");
            if (p.isObject()) {
                keys(p, "probing", Set.of("enabled", "max_in_flight"));
                enabled = bool(p, "probing", "enabled", true);
                if (p.has("max_in_flight")) {
                    JsonNode m = p.get("max_in_flight");
                    if (m.canConvertToInt() && m.asInt() >= 1 && m.asInt() <= 10_000) {
                        maxInFlight = m.asInt();
                    } else {
                        problem("probing.max_in_flight", "must be 1..10000 (got " + m.asText() + ")");
                    }
                }
            } else if (!p.isMissingNode() && !p.isNull()) {
                problem("probing", "must be a mapping like {enabled: true, max_in_flight: 64} (got " + kind(p) + ")");
            }
            Map<String, Probing.TargetProbe> perTarget = new LinkedHashMap<>();
            JsonNode targets = root.path("targets");
            if (targets.isArray()) {
                for (int i = 0; i < targets.size(); i++) {
                    JsonNode t = targets.get(i);
                    if (t.isObject() && t.has("probe")) {
                        Probing.TargetProbe tp = targetProbe(t.get("probe"), "targets[" + i + "].probe");
                        String name = t.path("name").asText(null);
                        if (tp != null && name != null) {
                            perTarget.put(substitution.apply(name, v -> { }), tp);
                        }
                    }
                }
            }
            return new Probing(enabled, maxInFlight, perTarget);
        }

        Probing.TargetProbe targetProbe(JsonNode node, String path) {
            if (!node.isObject()) {
                problem(path, "must be a mapping like {interval: 30s, failures_before_down: 3} (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("enabled", "checks", "interval", "timeout", "failures_before_down", "successes_before_up",
                    "jitter", "reminder"));
            boolean enabled = bool(node, path, "enabled", true);
            List<String> checks = null;
            if (node.has("checks")) {
                checks = stringList(node.get("checks"), path + ".checks");
                for (int i = 0; i < checks.size(); i++) {
                    if (!checkIds.contains(checks.get(i))) {
                        problem(path + ".checks[" + i + "]", "unknown check (got " + checks.get(i) + ")"
                                + Suggestions.didYouMean(checks.get(i), checkIds));
                    }
                }
            }
            Duration interval = duration(node, path, "interval");
            if (interval != null && interval.toMillis() < 100) {
                problem(path + ".interval", "must be at least 100ms (got " + Durations.format(interval) + ")");
            }
            Duration timeout = duration(node, path, "timeout");
            Duration jitter = duration(node, path, "jitter");
            Duration reminder = duration(node, path, "reminder");
            // The rules the prober holds a schedule to, checked here so that validate refuses what run would.
            Duration every = interval != null ? interval : Probing.DEFAULT_INTERVAL;
            if (timeout != null && timeout.compareTo(every) > 0) {
                problem(path + ".timeout", "is longer than the interval " + Durations.format(every) + ": probes of one target"
                        + " would overlap (got " + Durations.format(timeout) + ")");
            }
            if (jitter != null && jitter.compareTo(every) > 0) {
                problem(path + ".jitter", "must be at most the interval " + Durations.format(every) + " (got "
                        + Durations.format(jitter) + ")");
            }
            Duration reminds = reminder != null ? reminder : Probing.DEFAULT_REMINDER;
            if (reminds.compareTo(every) < 0) {
                problem(path + (reminder != null ? ".reminder" : ".interval"), "the reminder every " + Durations.format(reminds)
                        + (reminder != null ? "" : " (the default)") + " is shorter than the interval " + Durations.format(every)
                        + ": it would remind on every probe; set reminder to at least the interval");
            }
            return new Probing.TargetProbe(enabled, checks, interval, timeout,
                    count(node, path, "failures_before_down"), count(node, path, "successes_before_up"), jitter, reminder);
        }

        Integer count(JsonNode node, String path, String key) {
            if (!node.has(key)) {
                return null;
            }
            JsonNode v = node.get(key);
            if (v.canConvertToInt() && v.asInt() >= 1 && v.asInt() <= 100) {
                return v.asInt();
            }
            problem(path + "." + key, "must be 1..100 (got " + v.asText() + ")");
            return null;
        }

        Access access(JsonNode root) {
            Map<String, Set<String>> roles = new LinkedHashMap<>();
            JsonNode r = root.path("roles");
            if (!r.isMissingNode() && !r.isNull()) {
                if (!r.isObject()) {
                    problem("roles", "must map role names to member lists, e.g. operator: [console:lead, slack:U0123] (got " + kind(r) + ")");
                } else {
                    r.fields().forEachRemaining(e -> {
                        String p = "roles." + e.getKey();
                        if (e.getKey().equals(Access.EVERYONE)) {
                            problem(p, "\"everyone\" is built in and can't be redefined");
                            return;
                        }
                        Set<String> members = new java.util.LinkedHashSet<>();
                        List<String> list = stringList(e.getValue(), p);
                        for (int i = 0; i < list.size(); i++) {
                            String m = list.get(i);
                            int colon = m.indexOf(':');
                            String kind = colon < 0 ? "" : m.substring(0, colon);
                            if (colon < 1 || colon == m.length() - 1 || !Access.MEMBER_KINDS.contains(kind)) {
                                problem(p + "[" + i + "]", "a member is PLATFORM:ID with PLATFORM one of "
                                        + String.join(", ", new java.util.TreeSet<>(Access.MEMBER_KINDS)) + " (got " + m + ")"
                                        + (colon > 0 ? Suggestions.didYouMean(kind, Access.MEMBER_KINDS) : ""));
                            } else {
                                members.add(m);
                            }
                        }
                        roles.put(e.getKey(), members);
                    });
                }
            }
            Set<String> known = new java.util.TreeSet<>(roles.keySet());
            known.add(Access.EVERYONE);
            Map<String, String> commands = new LinkedHashMap<>();
            Map<String, Access.ActionPolicy> actions = new LinkedHashMap<>(Access.DEFAULT_ACTIONS);
            JsonNode a = root.path("access");
            if (!a.isMissingNode() && !a.isNull()) {
                keys(a, "access", Set.of("commands", "actions"));
                JsonNode c = a.path("commands");
                if (c.isObject()) {
                    c.fields().forEachRemaining(e -> {
                        String role = scalar(e.getValue(), "access.commands." + e.getKey());
                        if (role != null && !known.contains(role)) {
                            problem("access.commands." + e.getKey(), "unknown role (got " + role + ")" + Suggestions.didYouMean(role, known)
                                    + "; roles: " + String.join(", ", known));
                        } else if (role != null) {
                            commands.put(e.getKey(), role);
                        }
                    });
                } else if (!c.isMissingNode()) {
                    problem("access.commands", "must map subcommands to roles, e.g. diagnose: everyone (got " + kind(c) + ")");
                }
                JsonNode ac = a.path("actions");
                if (ac.isObject()) {
                    ac.fields().forEachRemaining(e -> {
                        String p = "access.actions." + e.getKey();
                        Access.ActionPolicy base = actions.getOrDefault(e.getKey(), Access.ActionPolicy.operator());
                        JsonNode v = e.getValue();
                        if (!v.isObject()) {
                            problem(p, "must be a mapping like {approver: operator, two_person: true, cooldown: 2m, max_per_hour: 3} (got " + kind(v) + ")");
                            return;
                        }
                        keys(v, p, Set.of("approver", "two_person", "cooldown", "max_per_hour"));
                        String approver = string(v, p, "approver", false);
                        if (approver != null && (!known.contains(approver) || approver.equals(Access.EVERYONE))) {
                            problem(p + ".approver", "unknown role (got " + approver + ")" + Suggestions.didYouMean(approver, known)
                                    + "; an approver must be a configured role");
                            return;
                        }
                        boolean twoPerson = bool(v, p, "two_person", base.twoPerson());
                        Duration cooldown = duration(v, p, "cooldown");
                        int perHour = base.maxPerHour();
                        if (v.has("max_per_hour")) {
                            JsonNode m = v.get("max_per_hour");
                            if (m.canConvertToInt() && m.asInt() >= 1 && m.asInt() <= 1000) {
                                perHour = m.asInt();
                            } else {
                                problem(p + ".max_per_hour", "must be 1..1000 (got " + m.asText() + ")");
                            }
                        }
                        actions.put(e.getKey(), new Access.ActionPolicy(approver == null ? base.approverRole() : approver, twoPerson,
                                cooldown == null ? base.cooldown() : cooldown, perHour));
                    });
                } else if (!ac.isMissingNode()) {
                    problem("access.actions", "must map action ids to policies (got " + kind(ac) + ")");
                }
            }
            Duration expiry = null;
            JsonNode ap = root.path("approvals");
            if (ap.isObject()) {
                keys(ap, "approvals", Set.of("expiry"));
                expiry = duration(ap, "approvals", "expiry");
            } else if (!ap.isMissingNode() && !ap.isNull()) {
                problem("approvals", "must be a mapping like {expiry: 15m} (got " + kind(ap) + ")");
            }
            return new Access(roles, commands, actions, expiry);
        }

        StoreSettings store(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return StoreSettings.defaults();
            }
            if (!node.isObject()) {
                problem("store", "must be a mapping like {url: jdbc:sqlite:triage-data/triage.db} (got " + kind(node) + ")");
                return null;
            }
            keys(node, "store", Set.of("url", "user", "password"));
            String url = string(node, "store", "url", false);
            if (url == null) {
                url = StoreSettings.DEFAULT_URL;
            } else if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
                problem("store.url", "must be jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB (got " + url + ")");
                return null;
            }
            String user = string(node, "store", "user", false);
            Secret password = node.has("password") ? secret(node, "store", "password") : null;
            return new StoreSettings(url, user, password);
        }

        List<Target> targets(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                problem("targets", "required: list at least one backend (name and base_url)");
                return List.of();
            }
            if (!node.isArray()) {
                problem("targets", "must be a list of backends (got " + kind(node) + ")");
                return List.of();
            }
            List<Target> out = new ArrayList<>();
            Map<String, String> seen = new LinkedHashMap<>();
            for (int i = 0; i < node.size(); i++) {
                String path = "targets[" + i + "]";
                int before = problems.size();
                Target t = target(node.get(i), path, seen);
                if (t != null && problems.size() == before) {
                    out.add(t);
                }
            }
            return out;
        }

        /** @param seen lower-cased names already used, with their place, to report duplicates */
        Target target(JsonNode node, String path, Map<String, String> seen) {
            if (!node.isObject()) {
                problem(path, "must be a mapping with name and base_url (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("name", "base_url", "host", "port", "health_path", "timeout", "latency_warn",
                    "checks", "http", "websockets", "tls", "incident_channel", "ssh", "service", "probe", "runbook", "cloud", "remediate"));
            int before = problems.size();
            String name = string(node, path, "name", true);
            if (name != null && !TARGET_NAME.matcher(name).matches()) {
                problem(path + ".name", "use letters, digits, '.', '_' or '-' (got " + name + ")");
            }
            if (name != null) {
                String first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), path);
                if (first != null) {
                    problem(path + ".name", "duplicate target name (got " + name + ", also at " + first + ")");
                }
            }
            URI baseUrl = url(node, path, "base_url");
            String host = string(node, path, "host", false);
            Integer port = node.has("port") ? port(node.get("port"), path + ".port", false) : null;
            if (baseUrl == null && (host == null || port == null) && !node.has("base_url")) {
                problem(path, "needs base_url, or host and port, to be checked from outside");
            }
            String healthPath = string(node, path, "health_path", false);
            if (healthPath != null && !healthPath.startsWith("/")) {
                problem(path + ".health_path", "must start with / (got " + healthPath + ")");
            }
            Duration timeout = duration(node, path, "timeout");
            Duration latencyWarn = duration(node, path, "latency_warn");
            List<String> checks = null;
            if (node.has("checks")) {
                checks = stringList(node.get("checks"), path + ".checks");
                for (int i = 0; i < checks.size(); i++) {
                    if (!checkIds.contains(checks.get(i))) {
                        problem(path + ".checks[" + i + "]", "unknown check (got " + checks.get(i) + ")"
                                + Suggestions.didYouMean(checks.get(i), checkIds));
                    }
                }
            }
            List<HttpExpectation> http = httpExpectations(node.path("http"), path + ".http", baseUrl);
            List<String> websockets = websockets(node.path("websockets"), path + ".websockets", baseUrl);
            TlsSettings tls = node.has("tls") ? tls(node.get("tls"), path + ".tls", baseUrl) : null;
            String incidentChannel = string(node, path, "incident_channel", false);
            Ssh ssh = node.has("ssh") ? ssh(node.get("ssh"), path + ".ssh", host != null ? host : baseUrl == null ? null : baseUrl.getHost()) : null;
            Service service = node.has("service") ? service(node.get("service"), path + ".service") : null;
            CloudSettings cloudSettings = node.has("cloud") ? new CloudSettingsReader(this).read(node.get("cloud"), path + ".cloud") : null;
            if (problems.size() > before || name == null) {
                return null;
            }
            if (cloudSettings != null) {
                cloud.put(name, cloudSettings);
            }
            return new Target(name, baseUrl, host, port, healthPath, timeout, latencyWarn, checks, http,
                    incidentChannel, ssh, service, websockets, tls);
        }

        /** {@code tls: {warn_days: 14, ca_file: private-ca.pem}} */
        TlsSettings tls(JsonNode node, String path, URI baseUrl) {
            if (!node.isObject()) {
                problem(path, "must be a mapping like {warn_days: 14, ca_file: ca.pem} (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("warn_days", "ca_file"));
            if (baseUrl != null && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
                problem(path, "applies to an https:// base_url (got " + baseUrl + ")");
            }
            int warnDays = TlsSettings.DEFAULT_WARN_DAYS;
            String days = node.has("warn_days") ? scalar(node.get("warn_days"), path + ".warn_days") : null;
            if (days != null) {
                if (!days.matches("\\d{1,4}")) {
                    problem(path + ".warn_days", "must be a whole number of days, like 14 (got " + days + ")");
                } else {
                    warnDays = Integer.parseInt(days);
                }
            }
            java.nio.file.Path ca = null;
            String caFile = string(node, path, "ca_file", false);
            if (caFile != null) {
                ca = baseDir.resolve(caFile);
                if (!java.nio.file.Files.isReadable(ca)) {
                    problem(path + ".ca_file", "no readable file there (got " + caFile + ")");
                }
            }
            return new TlsSettings(warnDays, ca);
        }

        /** {@code websockets: [/ws/voice, wss://rt.example.com/ws]}: paths under base_url, or ws:// and wss:// URLs. */
        List<String> websockets(JsonNode node, String path, URI baseUrl) {
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            List<String> given = stringList(node, path);
            for (int i = 0; i < given.size(); i++) {
                String v = given.get(i);
                String where = path + "[" + i + "]";
                if (v.startsWith("/")) {
                    if (baseUrl == null) {
                        problem(where, "a path needs the target's base_url; or give a whole ws:// or wss:// URL (got " + v + ")");
                        continue;
                    }
                    out.add(v);
                    continue;
                }
                try {
                    URI u = new URI(v);
                    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                    if (!scheme.equals("ws") && !scheme.equals("wss") || u.getHost() == null) {
                        problem(where, "must be a path like /ws/voice or a ws:// or wss:// URL with a host (got " + v + ")");
                        continue;
                    }
                    out.add(v);
                } catch (URISyntaxException e) {
                    problem(where, "not a URL: " + e.getReason() + " (got " + v + ")");
                }
            }
            return out;
        }

        /**
         * {@code http: [{url: /docs, expect: 200}, {url: /api/session/start, method: POST, headers: {…}, body: "…", expect: 201}]}:
         * each request the {@code http} check sends, from this file only.
         */
        List<HttpExpectation> httpExpectations(JsonNode node, String path, URI baseUrl) {
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                problem(path, "must be a list of {url, expect} (and method, headers, body for more than a GET) (got " + kind(node) + ")");
                return List.of();
            }
            HttpRequestReader requests = new HttpRequestReader(this);
            List<HttpExpectation> out = new ArrayList<>();
            Map<String, String> seen = new LinkedHashMap<>();
            for (int i = 0; i < node.size(); i++) {
                String p = path + "[" + i + "]";
                JsonNode item = node.get(i);
                if (!item.isObject()) {
                    problem(p, "must be a mapping like {url: /docs, expect: 200} (got " + kind(item) + ")");
                    continue;
                }
                keys(item, p, Set.of("url", "expect", "method", "headers", "body"));
                String url = string(item, p, "url", true);
                int expect = 200;
                boolean badExpect = false;
                if (item.has("expect")) {
                    JsonNode e = item.get("expect");
                    if (e.canConvertToInt() && e.isIntegralNumber() && e.asInt() >= 100 && e.asInt() <= 599) {
                        expect = e.asInt();
                    } else {
                        problem(p + ".expect", "must be an HTTP status 100..599 (got " + e.asText() + ")");
                        badExpect = true;
                    }
                }
                HttpRequestSpec request = requests.read(item, p);
                if (url == null || badExpect || request == null) {
                    continue;
                }
                if (url.startsWith("/")) {
                    if (baseUrl == null) {
                        problem(p + ".url", "a path needs the target's base_url; give a full URL instead (got " + url + ")");
                        continue;
                    }
                } else if (checkUrl(url, p + ".url") == null) {
                    continue;
                }
                HttpExpectation e = new HttpExpectation(url, expect, request);
                String first = seen.putIfAbsent(e.label(), p);
                if (first != null) {
                    problem(p, "the same request as " + first + " (" + e.label() + "): each entry needs its own url or method");
                    continue;
                }
                out.add(e);
            }
            return out;
        }

        Ssh ssh(JsonNode node, String path, String defaultHost) {
            if (!node.isObject()) {
                problem(path, "must be a mapping with user and known_hosts (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("host", "port", "user", "key_file", "key", "known_hosts", "connect_timeout", "command_timeout"));
            int before = problems.size();
            String host = string(node, path, "host", false);
            host = host != null ? host : defaultHost;
            if (host == null) {
                problem(path + ".host", "required when the target has no base_url or host");
            }
            Integer port = node.has("port") ? port(node.get("port"), path + ".port", false) : Integer.valueOf(22);
            String user = string(node, path, "user", true);
            if (user != null && !SHELL_SAFE.matcher(user).matches()) {
                problem(path + ".user", "not a user name (got " + user + ")");
            }
            String keyFile = string(node, path, "key_file", false);
            Secret key = node.has("key") ? secret(node, path, "key") : null;
            if (keyFile == null && key == null) {
                problem(path, "needs key_file (a private key's path) or key (PEM text, e.g. key: ${TRIAGE_SSH_KEY})");
            }
            Path keyPath = keyFile == null ? null : baseDir.resolve(keyFile);
            if (keyPath != null && !Files.isReadable(keyPath)) {
                problem(path + ".key_file", "no readable file there (got " + keyFile + ")");
            }
            String knownHosts = string(node, path, "known_hosts", true);
            Path knownHostsPath = knownHosts == null ? null : baseDir.resolve(knownHosts);
            if (knownHostsPath != null && !Files.isReadable(knownHostsPath)) {
                problem(path + ".known_hosts", "no readable file there (got " + knownHosts + "); host keys are always verified:"
                        + " create it with ssh-keyscan and check the fingerprints");
            }
            Duration connect = duration(node, path, "connect_timeout");
            Duration command = duration(node, path, "command_timeout");
            if (problems.size() > before) {
                return null;
            }
            return new Ssh(host, port, user, keyPath, key, knownHostsPath, connect, command);
        }

        Service service(JsonNode node, String path) {
            if (!node.isObject()) {
                problem(path, "must be a mapping with unit and port (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("kind", "unit", "port", "reachable", "env_file", "required_env", "compose_dir",
                    "compose_service", "ready_marker", "nginx", "journal_lines", "commands", "thresholds"));
            int before = problems.size();
            String kind = string(node, path, "kind", false);
            if (kind != null && !Set.of("systemd", "compose").contains(kind)) {
                problem(path + ".kind", "must be systemd or compose (got " + kind + ")" + Suggestions.didYouMean(kind, Set.of("systemd", "compose")));
            }
            boolean compose = "compose".equals(kind);
            String unit = shellSafe(node, path, "unit", !compose);
            Integer port = node.has("port") ? port(node.get("port"), path + ".port", false) : null;
            if (port == null && !node.has("port")) {
                problem(path + ".port", "required: the port the service listens on (e.g. 8000)");
            }
            boolean reachable = bool(node, path, "reachable", true);
            String envFile = shellSafe(node, path, "env_file", false);
            List<String> requiredEnv = node.has("required_env") ? stringList(node.get("required_env"), path + ".required_env") : List.of();
            for (int i = 0; i < requiredEnv.size(); i++) {
                if (!ENV_NAME.matcher(requiredEnv.get(i)).matches()) {
                    problem(path + ".required_env[" + i + "]", "not a variable name (got " + requiredEnv.get(i) + ")");
                }
            }
            String composeDir = shellSafe(node, path, "compose_dir", compose);
            String composeService = shellSafe(node, path, "compose_service", compose);
            String readyMarker = string(node, path, "ready_marker", false);
            boolean nginx = bool(node, path, "nginx", false);
            int journalLines = 0;
            if (node.has("journal_lines")) {
                JsonNode j = node.get("journal_lines");
                if (j.canConvertToInt() && j.asInt() >= 1 && j.asInt() <= 10_000) {
                    journalLines = j.asInt();
                } else {
                    problem(path + ".journal_lines", "must be 1..10000 (got " + j.asText() + ")");
                }
            }
            Map<String, String> commands = new LinkedHashMap<>();
            if (node.has("commands")) {
                JsonNode c = node.get("commands");
                if (!c.isObject()) {
                    problem(path + ".commands", "must map template names to commands (got " + kind(c) + ")");
                } else {
                    c.fields().forEachRemaining(e -> {
                        String v = scalar(e.getValue(), path + ".commands." + e.getKey());
                        if (v != null && !v.isBlank()) {
                            commands.put(e.getKey(), v);
                        } else if (v != null) {
                            problem(path + ".commands." + e.getKey(), "must not be empty");
                        }
                    });
                }
            }
            Thresholds thresholds = node.has("thresholds") ? thresholds(node.get("thresholds"), path + ".thresholds")
                    : Thresholds.DEFAULTS;
            if (problems.size() > before) {
                return null;
            }
            return new Service(kind, unit, port, reachable, envFile, requiredEnv, composeDir, composeService,
                    readyMarker, nginx, journalLines, commands, thresholds);
        }

        /** {@code thresholds: {memory_percent: 80, load_percent: 70, disk_percent: 90}}, each optional. */
        Thresholds thresholds(JsonNode node, String path) {
            if (!node.isObject()) {
                problem(path, "must be a mapping of memory_percent, load_percent, disk_percent (got " + kind(node) + ")");
                return null;
            }
            keys(node, path, Set.of("memory_percent", "load_percent", "disk_percent"));
            Thresholds d = Thresholds.DEFAULTS;
            double memory = percent(node, path, "memory_percent", d.memoryPercent(), 100);
            double load = percent(node, path, "load_percent", d.loadPercent(), 10_000);
            double disk = percent(node, path, "disk_percent", d.diskPercent(), 100);
            if (memory < 0 || load < 0 || disk < 0) {
                return null;
            }
            return new Thresholds(memory, load, (int) Math.round(disk));
        }

        /** A share in percent, above 0 and at most {@code max}; -1 after naming the problem. */
        private double percent(JsonNode node, String path, String key, double fallback, double max) {
            if (!node.has(key)) {
                return fallback;
            }
            JsonNode v = node.get(key);
            if (v.isNumber() && v.asDouble() > 0 && v.asDouble() <= max) {
                return v.asDouble();
            }
            problem(path + "." + key, "must be a number above 0 and at most " + (int) max + " (a percentage; got "
                    + v.asText() + ")");
            return -1;
        }

        TriageConfig.Channels channels(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return TriageConfig.Channels.DEFAULT;
            }
            if (!node.isObject()) {
                problem("channels", "must be a mapping with default and incidents (got " + kind(node) + ")");
                return null;
            }
            keys(node, "channels", Set.of("default", "incidents"));
            return new TriageConfig.Channels(string(node, "channels", "default", false), string(node, "channels", "incidents", false));
        }

        TriageConfig.Adapters adapters(JsonNode node) {
            if (node.isMissingNode() || node.isNull()) {
                return TriageConfig.Adapters.CONSOLE_ONLY;
            }
            if (!node.isObject()) {
                problem("adapters", "must be a mapping of console, slack, discord (got " + kind(node) + ")");
                return null;
            }
            keys(node, "adapters", Set.of("console", "slack", "discord"));
            boolean console = true;
            if (node.has("console")) {
                JsonNode c = node.get("console");
                keys(c, "adapters.console", Set.of("enabled"));
                console = bool(c, "adapters.console", "enabled", true);
            }
            TriageConfig.Slack slack = null;
            JsonNode s = node.path("slack");
            if (s.isObject() && bool(s, "adapters.slack", "enabled", true)) {
                slack = slack(s);
            } else if (!s.isMissingNode() && !s.isObject()) {
                problem("adapters.slack", "must be a mapping (got " + kind(s) + ")");
            }
            TriageConfig.Discord discord = null;
            JsonNode d = node.path("discord");
            if (d.isObject() && bool(d, "adapters.discord", "enabled", true)) {
                keys(d, "adapters.discord", Set.of("enabled", "token", "guild_ids", "api_url", "gateway_url"));
                Secret token = secret(d, "adapters.discord", "token");
                List<String> guilds = d.has("guild_ids") ? stringList(d.get("guild_ids"), "adapters.discord.guild_ids") : List.of();
                if (guilds.isEmpty()) {
                    problem("adapters.discord.guild_ids", "required: the ids of the servers (guilds) where /backend is registered"
                            + " (Discord: Server Settings → Widget, or right-click the server with Developer Mode on → Copy Server ID)");
                }
                for (int i = 0; i < guilds.size(); i++) {
                    if (!guilds.get(i).matches("\\d{17,20}")) {
                        problem("adapters.discord.guild_ids[" + i + "]", "a guild id is a 17–20 digit number (got " + guilds.get(i) + ")");
                    }
                }
                if (token != null && token.reveal().split("\\.").length != 3) {
                    problem("adapters.discord.token", "is not a bot token: Discord bot tokens have three dot-separated parts"
                            + " (Developer Portal → your application → Bot → Reset Token)");
                }
                URI apiUrl = url(d, "adapters.discord", "api_url");
                URI gatewayUrl = webSocketUrl(d, "adapters.discord", "gateway_url");
                discord = new TriageConfig.Discord(token, guilds, apiUrl == null ? null : apiUrl.toString(),
                        gatewayUrl == null ? null : gatewayUrl.toString());
            } else if (!d.isMissingNode() && !d.isObject()) {
                problem("adapters.discord", "must be a mapping (got " + kind(d) + ")");
            }
            return new TriageConfig.Adapters(console, slack, discord);
        }

        TriageConfig.Slack slack(JsonNode s) {
            String p = "adapters.slack";
            keys(s, p, Set.of("enabled", "mode", "bot_token", "app_token", "signing_secret", "http_port", "http_path", "api_url"));
            String mode = string(s, p, "mode", false);
            mode = mode == null ? "socket" : mode;
            if (!Set.of("socket", "http").contains(mode)) {
                problem(p + ".mode", "must be socket or http (got " + mode + ")");
            }
            Secret bot = secret(s, p, "bot_token");
            if (bot != null && !bot.reveal().startsWith("xoxb-")) {
                problem(p + ".bot_token", "is not a bot token: bot tokens start with xoxb- (Slack app → OAuth & Permissions)");
            }
            Secret app = null;
            Secret signing = null;
            if ("socket".equals(mode)) {
                app = secret(s, p, "app_token");
                if (app != null && !app.reveal().startsWith("xapp-")) {
                    problem(p + ".app_token", "is not an app-level token: they start with xapp- (Slack app → Basic Information → App-Level Tokens, scope connections:write)");
                }
            } else {
                signing = secret(s, p, "signing_secret");
            }
            Integer httpPort = s.has("http_port") ? port(s.get("http_port"), p + ".http_port", false) : Integer.valueOf(3000);
            String httpPath = string(s, p, "http_path", false);
            URI apiUrl = url(s, p, "api_url");
            return new TriageConfig.Slack(mode, bot, app, signing, httpPort == null ? 3000 : httpPort,
                    httpPath == null ? "/slack/events" : httpPath, apiUrl == null ? null : apiUrl.toString());
        }

        // ---- readers beyond the shared ones (ConfigNodes) ----------------------------------

        String shellSafe(JsonNode parent, String path, String key, boolean required) {
            String v = string(parent, path, key, required);
            if (v != null && !SHELL_SAFE.matcher(v).matches()) {
                problem(join(path, key), "may hold only letters, digits and @%+=:,./_- because it goes into remote commands (got " + v + ")");
                return null;
            }
            return v;
        }
    }


}
