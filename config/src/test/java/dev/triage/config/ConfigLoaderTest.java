package dev.triage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    private static final Set<String> CHECKS = Set.of("http-health", "tcp-connect", "http", "journal");

    @TempDir
    Path dir;

    private TriageConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env, CHECKS).parse(yaml, dir);
    }

    private List<String> problems(String yaml, Map<String, String> env) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml, env));
        return e.problems().stream().map(Problem::toString).toList();
    }

    private List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    @Test
    void aRemediateRuleTakesItsDefaultsAndATargetWithoutOneHasNone() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: prod
                    base_url: https://api.example.com
                    remediate: {action: restart-service, escalate: discord-role:5678}
                  - name: staging
                    base_url: https://staging.example.com
                """, Map.of());
        Remediation r = c.remediation("prod").orElseThrow();
        assertEquals("restart-service", r.action());
        assertEquals(Duration.ofMinutes(2), r.after());
        assertEquals(Duration.ofSeconds(30), r.hold());
        assertEquals(2, r.maxPerHour());
        assertEquals(List.of("discord-role:5678"), r.escalate(), "one member may be written without a list");
        assertTrue(c.remediation("staging").isEmpty(), "nothing runs unattended unless a rule says so");
    }

    @Test
    void aRemediateRuleThatCantBeUnattendedIsRefusedWhereItIsWritten() {
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: https://api.example.com
                    remediate: {action: reboot-host}
                  - name: web
                    base_url: https://web.example.com
                    remediate: restart-service
                  - name: api
                    base_url: https://api2.example.com
                    remediate: {after: 2m}
                """);
        assertTrue(p.get(0).startsWith("targets[0].remediate.action: reboot-host is never run without a person"), p.toString());
        assertTrue(p.contains("targets[1].remediate: must be a mapping like {action: restart-service, after: 2m, max_per_hour: 2} "
                + "(got restart-service)"), p.toString());
        assertTrue(p.contains("targets[2].remediate.action: required"), p.toString());
    }

    @Test
    void aCompleteTargetIsReadIntoRecordsWithDefaults() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: prod
                    base_url: https://api.example.com
                    latency_warn: 800ms
                    http:
                      - url: /docs
                channels:
                  default: C0DEFAULT
                """, Map.of());
        Target t = c.targets().get(0);
        assertEquals("prod", t.name());
        assertEquals(URI.create("https://api.example.com"), t.baseUrl());
        assertEquals("api.example.com", t.host());
        assertEquals(443, t.port());
        assertEquals("/health", t.healthPath());
        assertEquals(Duration.ofSeconds(5), t.timeout());
        assertEquals(Duration.ofMillis(800), t.latencyWarn());
        assertEquals(List.of(new HttpExpectation("/docs", 200)), t.http());
        assertEquals("C0DEFAULT", c.channels().defaultChannel());
        assertEquals("C0DEFAULT", c.channels().incidents());
        assertTrue(c.adapters().console());
    }

    @Test
    void everyMistakeIsReportedAtOnceWithItsPlace() {
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: ftp://api.example.com
                    port: 70000
                    timeout: 5 seconds
                    helth_path: /health
                  - name: prod
                    base_url: http://other.example.com
                  - base_url: http://third.example.com
                """);
        assertTrue(p.contains("targets[0].base_url: must be an http:// or https:// URL (got ftp://api.example.com)"), p::toString);
        assertTrue(p.contains("targets[0].port: must be 1..65535 (got 70000)"), p::toString);
        assertTrue(p.contains("targets[0].timeout: not a duration (got 5 seconds); write it like 500ms, 30s or 5m"), p::toString);
        assertTrue(p.contains("targets[0].helth_path: unknown key; did you mean health_path?"), p::toString);
        assertTrue(p.contains("targets[1].name: duplicate target name (got prod, also at targets[0])"), p::toString);
        assertTrue(p.contains("targets[2].name: required"), p::toString);
        assertEquals(6, p.size(), p::toString);
    }

    @Test
    void resourceThresholdsArePerServiceWithTheDocumentsDefaults() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                    service: {unit: api, port: 8000, thresholds: {memory_percent: 92.5, disk_percent: 95}}
                  - name: other
                    base_url: http://127.0.0.1:8001
                    service: {unit: api, port: 8001}
                """, Map.of());
        assertEquals(new Thresholds(92.5, 70, 95), c.targets().get(0).service().thresholds());
        assertEquals(Thresholds.DEFAULTS, c.targets().get(1).service().thresholds());
        assertEquals(new Thresholds(80, 70, 90), Thresholds.DEFAULTS, "003's 80 % memory, 70 % CPU; 90 % disk");

        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                    service: {unit: api, port: 8000, thresholds: {memory_percent: 120, load_percent: 0, disk: 90}}
                """);
        assertEquals(List.of(
                "targets[0].service.thresholds.disk: unknown key; did you mean disk_percent?",
                "targets[0].service.thresholds.memory_percent: must be a number above 0 and at most 100 (a percentage; got 120)",
                "targets[0].service.thresholds.load_percent: must be a number above 0 and at most 10000 (a percentage; got 0)"), p);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "500ms | PT0.5S",
            "30s   | PT30S",
            "5m    | PT5M",
            "2h    | PT2H",
            "7d    | PT168H",
    })
    void durationsAreWrittenAsPeopleWriteThem(String text, String iso) {
        assertEquals(Duration.parse(iso), Durations.parse(text).orElseThrow());
    }

    @Test
    void unknownCheckIdsNameTheClosestKnownOne() {
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                    checks: [http-health, tcp-conect]
                """);
        assertEquals(List.of("targets[0].checks[1]: unknown check (got tcp-conect); did you mean tcp-connect?"), p);
    }

    @Test
    void environmentVariablesAreSubstitutedWithDefaults() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: ${TARGET_NAME}
                    base_url: http://${API_HOST:-127.0.0.1}:${API_PORT:-8000}
                """, Map.of("TARGET_NAME", "staging", "API_PORT", "9000"));
        assertEquals("staging", c.targets().get(0).name());
        assertEquals(URI.create("http://127.0.0.1:9000"), c.targets().get(0).baseUrl());
    }

    @Test
    void aMissingEnvironmentVariableIsNamed() {
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: ${PROD_URL}
                """);
        assertEquals(List.of("targets[0].base_url: environment variable PROD_URL is not set (set it, or write ${PROD_URL:-default})"), p);
    }

    @Test
    void placeholderSecretsAreRefusedWithoutShowingTheirValue() {
        String secretLooking = "your-slack-bot-token-here";
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                adapters:
                  slack:
                    bot_token: ${SLACK_BOT_TOKEN}
                    app_token: changeme
                """, Map.of("SLACK_BOT_TOKEN", secretLooking));
        assertEquals(List.of(
                "adapters.slack.bot_token: secret is a placeholder (your-…) (it comes from ${SLACK_BOT_TOKEN}); set the real value",
                "adapters.slack.app_token: secret is a placeholder (changeme); set the real value"), p);
        assertFalse(String.join("\n", p).contains(secretLooking));
    }

    @Test
    void wrongSlackTokenKindsAreNamedButNeverShown() {
        String realLooking = "xoxp-1234567890-abcdefghijk";
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                adapters:
                  slack:
                    bot_token: ${BOT}
                    app_token: ${BOT}
                """, Map.of("BOT", realLooking));
        assertEquals(2, p.size(), p::toString);
        assertTrue(p.get(0).startsWith("adapters.slack.bot_token: is not a bot token: bot tokens start with xoxb-"));
        assertTrue(p.get(1).startsWith("adapters.slack.app_token: is not an app-level token: they start with xapp-"));
        assertFalse(String.join("\n", p).contains(realLooking));
    }

    @Test
    void secretsAreRedactedWhenPrinted() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                adapters:
                  slack:
                    bot_token: ${BOT}
                    app_token: ${APP}
                """, Map.of("BOT", "xoxb-1-real-secret", "APP", "xapp-1-real-secret"));
        String printed = c.toString();
        assertFalse(printed.contains("real-secret"), printed);
        assertTrue(printed.contains("<secret adapters.slack.bot_token>"), printed);
        assertEquals("xoxb-1-real-secret", c.adapters().slack().botToken().reveal());
    }

    @Test
    void sshAndServiceSectionsAreValidatedForSafeRemoteValues() throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "");
        Path key = Files.writeString(dir.resolve("id_ed25519"), "not really a key");
        TriageConfig ok = parse("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                    ssh: {user: ubuntu, key_file: id_ed25519, known_hosts: known_hosts}
                    service: {unit: langchain-backend, port: 8000, env_file: /opt/langchain/.env}
                """, Map.of());
        Target t = ok.targets().get(0);
        assertEquals("127.0.0.1", t.ssh().host());
        assertEquals(22, t.ssh().port());
        assertEquals(key, t.ssh().privateKeyFile());
        assertEquals(knownHosts, t.ssh().knownHosts());
        assertEquals("langchain-backend", t.service().unit());
        assertTrue(t.service().mustBeReachable());

        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                    ssh: {user: ubuntu, known_hosts: missing_known_hosts}
                    service: {unit: "x; rm -rf /", port: 8000}
                """);
        assertTrue(p.contains("targets[0].ssh: needs key_file (a private key's path) or key (PEM text, e.g. key: ${TRIAGE_SSH_KEY})"), p::toString);
        assertTrue(p.stream().anyMatch(s -> s.startsWith("targets[0].ssh.known_hosts: no readable file there (got missing_known_hosts)")), p::toString);
        assertTrue(p.contains("targets[0].service.unit: may hold only letters, digits and @%+=:,./_- because it goes into remote commands (got x; rm -rf /)"), p::toString);
    }

    @Test
    void notYamlIsReportedWithItsLine() {
        List<String> p = problems("targets:\n  - name: prod\n   base_url: [unclosed\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("line "), p::toString);
        assertTrue(p.get(0).contains("not valid YAML"), p::toString);
    }

    @Test
    void duplicateKeysAreRefused() {
        List<String> p = problems("""
                targets:
                  - name: prod
                    name: staging
                    base_url: http://127.0.0.1:8000
                """);
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("Duplicate field 'name'"), p::toString);
    }

    @Test
    void anEmptyFileSaysWhereToStart() {
        assertEquals(List.of("the configuration is empty; start from config/examples/triage.yaml"), problems(""));
    }

    @Test
    void websocketPathsAreReadAndWrongOnesNamed() throws Exception {
        TriageConfig ok = new ConfigLoader(Map.of(), CHECKS).parse("""
                targets:
                  - name: render
                    base_url: https://bemore.example.com
                    websockets: [/ws/landmarks, "wss://rt.example.com/ws/voice"]
                """, dir);
        assertEquals(List.of("/ws/landmarks", "wss://rt.example.com/ws/voice"), ok.targets().get(0).websockets());
        List<String> p = problems("""
                targets:
                  - name: render
                    base_url: https://bemore.example.com
                    websockets: [https://bemore.example.com/ws/voice]
                """);
        assertEquals(List.of("targets[0].websockets[0]: must be a path like /ws/voice or a ws:// or wss:// URL with a host "
                + "(got https://bemore.example.com/ws/voice)"), p);
    }

    @Test
    void tlsSettingsAreReadAndOnlyForHttps() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("private-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        TriageConfig ok = new ConfigLoader(Map.of(), CHECKS).parse("""
                targets:
                  - name: api
                    base_url: https://api.example.com
                    tls: {warn_days: 30, ca_file: private-ca.pem}
                """, dir);
        assertEquals(30, ok.targets().get(0).tls().warnDays());
        assertEquals(dir.resolve("private-ca.pem"), ok.targets().get(0).tls().caFile());
        assertEquals(TlsSettings.DEFAULT_WARN_DAYS, new ConfigLoader(Map.of(), CHECKS).parse(
                "targets:\n  - name: api\n    base_url: https://api.example.com\n", dir).targets().get(0).tls().warnDays());
        List<String> p = problems("""
                targets:
                  - name: web
                    base_url: http://web.example.com
                    tls: {warn_days: soon, ca_file: nope.pem}
                """);
        assertEquals(List.of("targets[0].tls: applies to an https:// base_url (got http://web.example.com)",
                "targets[0].tls.warn_days: must be a whole number of days, like 14 (got soon)",
                "targets[0].tls.ca_file: no readable file there (got nope.pem)"), p);
    }

    @Test
    void aMissingFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of(), CHECKS).load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("no such file; pass the path of your triage.yaml"), e.getMessage());
        assertTrue(!e.getMessage().contains("nope.yaml"), "the CLI names the file once, before the problem: " + e.getMessage());
    }

    @Test
    void aTabIsReportedWhereItIsWithTheParsersWholeProblem() {
        List<String> p = problems("targets:\n  - name: web\n    base_url: http://127.0.0.1:8080\n\thealth_path: /health\n");
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).startsWith("line 4, column 1: not valid YAML: while scanning for the next token: found character"),
                p.get(0));
        assertTrue(p.get(0).contains("indentation"), p.get(0));
    }

    @Test
    void binaryAndNonUtf8FilesAreNamedAsSuch() throws Exception {
        java.nio.file.Path binary = dir.resolve("binary.yaml");
        java.nio.file.Files.write(binary, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        ConfigException b = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(), CHECKS).load(binary));
        assertTrue(b.getMessage().contains("is a binary file, not YAML text"), b.getMessage());
        java.nio.file.Path latin1 = dir.resolve("latin1.yaml");
        java.nio.file.Files.write(latin1, "targets:\n  - name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        ConfigException l = assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of(), CHECKS).load(latin1));
        assertTrue(l.getMessage().contains("is not UTF-8 text: save it as UTF-8"), l.getMessage());
    }

    @Test
    void aTargetNeedsSomethingToCheckFromOutside() {
        assertEquals(List.of("targets[0]: needs base_url, or host and port, to be checked from outside"),
                problems("targets:\n  - name: prod\n"));
    }

    @Test
    void placeholdersAreRecognised() {
        for (String p : List.of("", "your-supabase-service-role-key", "changeme", "PLACEHOLDER", "xxx", "<token>")) {
            assertTrue(Placeholders.problem(p).isPresent(), p);
        }
        assertNull(Placeholders.problem("sk-live-7f3a9").orElse(null));
    }

    @Test
    void rolesAccessAndStoreAreReadWithDefaultsForTheRunbookActions() throws Exception {
        TriageConfig c = parse("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                roles:
                  operator: [console:lead, slack:U0123, slack-group:S0456]
                  admin: [discord-role:42]
                access:
                  commands: {logs: operator}
                  actions:
                    restart-service: {cooldown: 5m, max_per_hour: 2}
                    purge-cache: {approver: admin, two_person: false}
                approvals: {expiry: 10m}
                store: {url: "jdbc:postgresql://127.0.0.1:5432/triage", user: triage, password: "${PG_PASSWORD}"}
                """, Map.of("PG_PASSWORD", "pg-secret-value"));
        Access a = c.access();
        assertEquals(Set.of("console:lead", "slack:U0123", "slack-group:S0456"), a.members("operator"));
        assertEquals("operator", a.commandRole("logs", Access.EVERYONE));
        assertEquals(Access.EVERYONE, a.commandRole("status", Access.EVERYONE));
        assertEquals(new Access.ActionPolicy("operator", true, Duration.ofMinutes(5), 2), a.policy("restart-service").orElseThrow());
        assertEquals("admin", a.policy("reboot-host").orElseThrow().approverRole());
        assertFalse(a.policy("purge-cache").orElseThrow().twoPerson());
        assertTrue(a.policy("unconfigured-action").isEmpty(), "deny by default");
        assertEquals(Duration.ofMinutes(10), a.approvalExpiry());
        assertTrue(c.store().isPostgres());
        assertEquals("pg-secret-value", c.store().password().reveal());
        assertFalse(c.toString().contains("pg-secret-value"), c.toString());
    }

    @Test
    void roleMistakesAreNamedWithTheirPlace() {
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                roles:
                  operator: [lead, slak:U1]
                access:
                  commands: {logs: operatr}
                  actions:
                    restart-service: {approver: everyone}
                store: {url: "mysql://db"}
                """);
        assertTrue(p.contains("roles.operator[0]: a member is PLATFORM:ID with PLATFORM one of cli, console, discord, discord-role, slack, slack-group (got lead)"), p::toString);
        assertTrue(p.contains("roles.operator[1]: a member is PLATFORM:ID with PLATFORM one of cli, console, discord, discord-role, slack, slack-group (got slak:U1); did you mean slack?"), p::toString);
        assertTrue(p.contains("access.commands.logs: unknown role (got operatr); did you mean operator?; roles: everyone, operator"), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("access.actions.restart-service.approver: unknown role (got everyone)")), p::toString);
        assertTrue(p.contains("store.url: must be jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB (got mysql://db)"), p::toString);
    }

    @Test
    void discordNeedsGuildIdsAndABotShapedTokenNeverShown() {
        String token = "not-a-discord-token";
        List<String> p = problems("""
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                adapters:
                  discord:
                    token: ${DISCORD_TOKEN}
                    guild_ids: ["12345"]
                """, Map.of("DISCORD_TOKEN", token));
        assertTrue(p.contains("adapters.discord.guild_ids[0]: a guild id is a 17–20 digit number (got 12345)"), p::toString);
        assertTrue(p.stream().anyMatch(x -> x.startsWith("adapters.discord.token: is not a bot token")), p::toString);
        assertFalse(String.join("\n", p).contains(token));
    }

    @Test
    void discordEndpointsAreCheckedLikeEveryUrlAndKeptWhenGood() throws ConfigException {
        String token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";
        String yaml = """
                targets:
                  - name: prod
                    base_url: http://127.0.0.1:8000
                adapters:
                  discord:
                    token: ${DISCORD_TOKEN}
                    guild_ids: ["123456789012345678"]
                    api_url: %s
                    gateway_url: %s
                """;
        List<String> p = problems(yaml.formatted("discord.internal/api", "https://127.0.0.1:1/gw"), Map.of("DISCORD_TOKEN", token));
        assertTrue(p.contains("adapters.discord.api_url: must be an http:// or https:// URL (got discord.internal/api)"), p::toString);
        assertTrue(p.contains("adapters.discord.gateway_url: must be a ws:// or wss:// URL (got https://127.0.0.1:1/gw)"), p::toString);

        TriageConfig.Discord d = parse(yaml.formatted("http://127.0.0.1:1/api/v10/", "ws://127.0.0.1:2/"), Map.of("DISCORD_TOKEN", token))
                .adapters().discord();
        assertEquals("http://127.0.0.1:1/api/v10/", d.apiUrl());
        assertEquals("ws://127.0.0.1:2/", d.gatewayUrl());
    }
}
