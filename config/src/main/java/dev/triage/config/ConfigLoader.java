package dev.triage.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

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
            List<Target> targets = new TargetsReader(this, checkIds, baseDir, cloud).targets(root.path("targets"));
            AdaptersReader adaptersReader = new AdaptersReader(this);
            TriageConfig.Channels channels = adaptersReader.channels(root.path("channels"));
            TriageConfig.Adapters adapters = adaptersReader.adapters(root.path("adapters"));
            Integer healthPort = root.has("health_port") ? port(root.get("health_port"), "health_port", true) : Integer.valueOf(0);
            Access access = new AccessReader(this).access(root);
            StoreSettings store = new StoreReader(this).store(root.path("store"));
            Probing probing = new ProbingReader(this, checkIds).probing(root);
            List<Runbook> runbooks = runbooks(root.path("runbooks"), access);
            Map<String, String> choices = runbookChoices(root.path("targets"), runbooks);
            List<CommandDefinition> commands = commands(root.path("commands"), access, runbooks);
            HaSettings ha = new HaReader(this).ha(root.path("ha"));
            Map<String, Remediation> remediations = new RemediationReader(this).remediations(root.path("targets"), access);
            return new TriageConfig(targets, channels, adapters, healthPort == null ? 0 : healthPort, access, store, probing,
                    runbooks, choices, customChecks).withCloud(cloud).withCommands(commands).withHa(ha).withRemediations(remediations);
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

        // ---- readers beyond the shared ones (ConfigNodes) ----------------------------------

    }


}
