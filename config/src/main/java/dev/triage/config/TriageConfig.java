package dev.triage.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, validated: every record in it is usable as it is.
 *
 * @param targets    the backends, in file order, names unique
 * @param channels   where messages go when a target doesn't say
 * @param adapters   which chat platforms are switched on
 * @param healthPort port of the bot's own {@code /healthz} (0 = off)
 * @param access     roles, command roles and action policies
 * @param store      the database
 * @param probing    scheduled probes
 * @param runbooks   the team's own runbooks (a shipped one of the same name is replaced)
 * @param targetRunbooks target name → the runbook that diagnoses it, when not the default for its service kind
 * @param checks     the checks the team wrote without code, usable by name like the built-in ones
 * @param cloud      target name → its {@code cloud:} block (AWS, Render, Vercel); targets without one are absent
 * @param commands   the team's {@code commands:}, which extend or override the built-in {@code /backend} subcommands
 * @param ha         how several replicas on one PostgreSQL share the work (lease TTL and renewal)
 * @param remediations target name → its {@code remediate:} rule; targets without one are absent (nothing runs unattended)
 */
public record TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                           StoreSettings store, Probing probing, List<Runbook> runbooks, Map<String, String> targetRunbooks,
                           List<CustomCheck> checks, Map<String, CloudSettings> cloud,
                           List<CommandDefinition> commands, HaSettings ha, Map<String, Remediation> remediations) {

    public TriageConfig {
        targets = List.copyOf(targets);
        channels = channels == null ? Channels.DEFAULT : channels;
        adapters = adapters == null ? Adapters.CONSOLE_ONLY : adapters;
        access = access == null ? Access.defaults() : access;
        store = store == null ? StoreSettings.defaults() : store;
        probing = probing == null ? Probing.defaults() : probing;
        runbooks = runbooks == null ? List.of() : List.copyOf(runbooks);
        targetRunbooks = targetRunbooks == null ? Map.of() : Map.copyOf(targetRunbooks);
        checks = checks == null ? List.of() : List.copyOf(checks);
        cloud = cloud == null ? Map.of() : Map.copyOf(cloud);
        commands = commands == null ? List.of() : List.copyOf(commands);
        ha = ha == null ? HaSettings.defaults() : ha;
        remediations = remediations == null ? Map.of() : Map.copyOf(remediations);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store, Probing probing, List<Runbook> runbooks, Map<String, String> targetRunbooks,
                        List<CustomCheck> checks, Map<String, CloudSettings> cloud,
                        List<CommandDefinition> commands, HaSettings ha) {
        this(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, cloud, commands, ha, null);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store, Probing probing, List<Runbook> runbooks, Map<String, String> targetRunbooks,
                        List<CustomCheck> checks, Map<String, CloudSettings> cloud, List<CommandDefinition> commands) {
        this(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, cloud, commands, null);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store, Probing probing, List<Runbook> runbooks, Map<String, String> targetRunbooks,
                        List<CustomCheck> checks, Map<String, CloudSettings> cloud) {
        this(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, cloud, null);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store, Probing probing, List<Runbook> runbooks, Map<String, String> targetRunbooks,
                        List<CustomCheck> checks) {
        this(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, null);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store, Probing probing, List<Runbook> runbooks, Map<String, String> targetRunbooks) {
        this(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, null);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store, Probing probing) {
        this(targets, channels, adapters, healthPort, access, store, probing, null, null);
    }

    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort, Access access,
                        StoreSettings store) {
        this(targets, channels, adapters, healthPort, access, store, null);
    }

    /** Targets and defaults for everything else. */
    public TriageConfig(List<Target> targets, Channels channels, Adapters adapters, int healthPort) {
        this(targets, channels, adapters, healthPort, null, null, null);
    }

    public TriageConfig withAccess(Access newAccess) {
        return new TriageConfig(targets, channels, adapters, healthPort, newAccess, store, probing, runbooks, targetRunbooks, checks, cloud,
                commands, ha, remediations);
    }

    public TriageConfig withStore(StoreSettings newStore) {
        return new TriageConfig(targets, channels, adapters, healthPort, access, newStore, probing, runbooks, targetRunbooks, checks, cloud,
                commands, ha, remediations);
    }

    public TriageConfig withProbing(Probing newProbing) {
        return new TriageConfig(targets, channels, adapters, healthPort, access, store, newProbing, runbooks, targetRunbooks, checks, cloud,
                commands, ha, remediations);
    }

    public TriageConfig withCloud(Map<String, CloudSettings> newCloud) {
        return new TriageConfig(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, newCloud,
                commands, ha, remediations);
    }

    public TriageConfig withCommands(List<CommandDefinition> newCommands) {
        return new TriageConfig(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, cloud,
                newCommands, ha, remediations);
    }

    public TriageConfig withHa(HaSettings newHa) {
        return new TriageConfig(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, cloud,
                commands, newHa, remediations);
    }

    public TriageConfig withRemediations(Map<String, Remediation> newRemediations) {
        return new TriageConfig(targets, channels, adapters, healthPort, access, store, probing, runbooks, targetRunbooks, checks, cloud,
                commands, ha, newRemediations);
    }

    /** The target's {@code remediate:} rule, when it has one. */
    public Optional<Remediation> remediation(String targetName) {
        return Optional.ofNullable(remediations.get(targetName));
    }

    /** The target's {@code cloud:} block, when it has one. */
    public Optional<CloudSettings> cloud(String targetName) {
        return Optional.ofNullable(cloud.get(targetName));
    }

    public Optional<Target> target(String name) {
        return targets.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    public List<String> targetNames() {
        return targets.stream().map(Target::name).toList();
    }

    /** @param defaultChannel where answers to scheduled work go; {@code incidents} where alerts go */
    public record Channels(String defaultChannel, String incidents) {
        public static final Channels DEFAULT = new Channels("console", "console");

        public Channels {
            defaultChannel = defaultChannel == null ? "console" : defaultChannel;
            incidents = incidents == null ? defaultChannel : incidents;
        }
    }

    public record Adapters(boolean console, Slack slack, Discord discord) {
        public static final Adapters CONSOLE_ONLY = new Adapters(true, null, null);

        public Optional<Slack> slackSettings() {
            return Optional.ofNullable(slack);
        }

        public Optional<Discord> discordSettings() {
            return Optional.ofNullable(discord);
        }
    }

    /**
     * Slack, through Bolt. Socket Mode needs the app-level token; HTTP mode the signing secret.
     *
     * @param apiUrl the Web API's base URL when not Slack's own (a proxy, or a local fake in tests); usually null
     */
    public record Slack(String mode, Secret botToken, Secret appToken, Secret signingSecret, int httpPort, String httpPath,
                        String apiUrl) {
    }

    /**
     * @param apiUrl     the REST API's base URL when not Discord's own (a proxy, or a local fake in tests); usually null
     * @param gatewayUrl the gateway's WebSocket URL when not the one Discord names; usually null
     */
    public record Discord(Secret token, List<String> guildIds, String apiUrl, String gatewayUrl) {
        public Discord {
            guildIds = guildIds == null ? List.of() : List.copyOf(guildIds);
        }

        public Discord(Secret token, List<String> guildIds) {
            this(token, guildIds, null, null);
        }
    }
}
