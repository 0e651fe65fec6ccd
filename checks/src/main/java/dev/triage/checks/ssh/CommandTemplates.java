package dev.triage.checks.ssh;

import dev.triage.config.CommandPlaceholders;
import dev.triage.config.Service;
import dev.triage.config.Target;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed shell commands the host checks and actions run, by name, with RUNBOOKS.md's commands as
 * defaults and a target's {@link Service#commands()} as overrides.
 *
 * <p>A template holds {@code {placeholder}}s that are filled only with configured values (the unit, the
 * port, the env file…) or with values a check took from the host's own output (a path from a unit file),
 * never with chat text. Every value must match {@link #SAFE_VALUE} and is single-quoted for the shell;
 * anything else is an {@link IllegalArgumentException} naming the template and the placeholder.
 * Docker's own {@code {{.Field}}} format syntax is not a placeholder and passes through untouched.
 */
public final class CommandTemplates {

    public static final String SYSTEMD_IS_ACTIVE = "systemd.is-active";
    public static final String SYSTEMD_STATUS = "systemd.status";
    /** How long systemd lets the unit start ({@code TimeoutStartUSec}): "still starting" until then. */
    public static final String SYSTEMD_START_TIMEOUT = "systemd.start-timeout";
    public static final String JOURNAL = "journal";
    public static final String PORTS = "ports";
    public static final String PORTS_NETSTAT = "ports.netstat";
    public static final String UNIT_FILE = "unit-file";
    public static final String PATH_EXISTS = "unit-file.path-exists";
    public static final String LOCAL_HEALTH = "local-health";
    public static final String NGINX_TEST = "nginx.test";
    /** The test and dump of the configuration the running master was started with ({@code -c}). */
    public static final String NGINX_TEST_WITH_CONFIG = "nginx.test-with-config";
    /** The running nginx processes' command lines (the master's {@code -c}). */
    public static final String NGINX_MASTER = "nginx.master";
    public static final String NGINX_IS_ACTIVE = "nginx.is-active";
    public static final String NGINX_ERROR_LOG = "nginx.error-log";
    public static final String UFW_STATUS = "ufw.status";
    public static final String ENV_FILE = "env-file";
    /** {@code docker inspect} of the compose service's containers, found by compose v2 or v1, whichever the host has. */
    public static final String COMPOSE_CONTAINERS = "compose.containers";
    /** The compose service's last lines, as {@link #JOURNAL} for a systemd unit. */
    public static final String COMPOSE_LOGS = "compose.logs";
    public static final String MEMORY = "resources.memory";
    public static final String DISK = "resources.disk";
    public static final String LOAD = "resources.load";
    public static final String CORES = "resources.cores";

    public static final String RESTART_SERVICE = "action.restart-service";
    public static final String START_SERVICE = "action.start-service";
    public static final String RELOAD_UNITS = "action.reload-units";
    public static final String RESTART_NGINX = "action.restart-nginx";
    public static final String COMPOSE_RESTART = "action.compose-restart";
    public static final String COMPOSE_RECREATE = "action.compose-recreate";
    public static final String FIREWALL_ALLOW = "action.firewall-allow";
    public static final String REBOOT_HOST = "action.reboot-host";

    /** What a filled value may contain: no spaces, quotes, or shell metacharacters. */
    public static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

    private static final Pattern PLACEHOLDER = CommandPlaceholders.PLACEHOLDER;

    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> templates;

    /** The defaults from RUNBOOKS.md. */
    public CommandTemplates() {
        this(Map.of());
    }

    /** The defaults from RUNBOOKS.md with some replaced (for every target), e.g. from a site-wide config. */
    public CommandTemplates(Map<String, String> overrides) {
        Objects.requireNonNull(overrides, "overrides");
        var merged = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((name, template) -> {
            requireKnown(name);
            merged.put(name, Objects.requireNonNull(template, () -> "template " + name + " is null"));
        });
        this.templates = Collections.unmodifiableMap(merged);
    }

    /** Every template name, in catalogue order. */
    public Set<String> names() {
        return templates.keySet();
    }

    /** The raw template for this target: its service's override when there is one, else the default. */
    public String template(String name, Target target) {
        requireKnown(name);
        Service service = target.service();
        if (service != null && service.commands().containsKey(name)) {
            return service.commands().get(name);
        }
        return templates.get(name);
    }

    /** The command for this target, filled only with the target's configured values. */
    public String fill(String name, Target target) {
        return fill(name, target, Map.of());
    }

    /**
     * The command for this target, filled with the target's configured values and {@code extra}
     * values a check derived from the host's output (e.g. {@code path}). Extra values are validated
     * exactly like configured ones.
     */
    public String fill(String name, Target target, Map<String, String> extra) {
        Map<String, String> values = configuredValues(target);
        values.putAll(extra);
        return fillText("command template " + name, template(name, target), target, values);
    }

    /**
     * A team's own template (a {@code command} check's {@code run}), filled exactly like the built-in
     * ones but only with the target's configured values ({@link CommandPlaceholders#CONFIGURED}).
     *
     * @param label names the template in messages, e.g. {@code check queue-depth}
     */
    public String fillTemplate(String label, String template, Target target) {
        return fillText(label, template, target, configuredValues(target));
    }

    private static String fillText(String label, String template, Target target, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            String placeholder = m.group(1);
            if (!values.containsKey(placeholder)) {
                throw new IllegalArgumentException(label + " uses unknown placeholder {"
                        + placeholder + "}; known: " + new TreeSet<>(values.keySet()));
            }
            String value = values.get(placeholder);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(label + " needs {" + placeholder
                        + "} but the target " + target.name() + " has no value for it configured");
            }
            if (!SAFE_VALUE.matcher(value).matches() || value.startsWith("-")) {
                throw new IllegalArgumentException(label + ": value for {" + placeholder
                        + "} of target " + target.name() + " may only contain letters, digits and @%+=:,./_- and must not start with -");
            }
            m.appendReplacement(out, Matcher.quoteReplacement("'" + value + "'"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The placeholders a target's configuration can fill; absent settings map to null. */
    private static Map<String, String> configuredValues(Target target) {
        var values = new LinkedHashMap<String, String>();
        Service service = target.service();
        values.put("health_path", target.healthPath());
        values.put("unit", service == null ? null : service.unit());
        values.put("port", service == null || service.port() <= 0 ? null : Integer.toString(service.port()));
        values.put("public_port", target.publicPort() == null ? null : Integer.toString(target.publicPort()));
        values.put("lines", service == null ? null : Integer.toString(service.journalLines()));
        values.put("env_file", service == null ? null : envFileOf(service));
        values.put("compose_dir", service == null ? null : service.composeDir());
        values.put("compose_service", service == null ? null : service.composeService());
        return values;
    }

    /** The env file a service reads: the configured one, else a compose project's {@code .env}. */
    public static String envFileOf(Service service) {
        if (service.envFile() != null && !service.envFile().isBlank()) {
            return service.envFile();
        }
        if (service.composeDir() != null && !service.composeDir().isBlank()) {
            return service.composeDir().endsWith("/") ? service.composeDir() + ".env" : service.composeDir() + "/.env";
        }
        return null;
    }

    private void requireKnown(String name) {
        if (!DEFAULTS.containsKey(name)) {
            throw new IllegalArgumentException("unknown command template " + name + "; known: " + DEFAULTS.keySet());
        }
    }

    private static Map<String, String> defaults() {
        var d = new LinkedHashMap<String, String>();
        d.put(SYSTEMD_IS_ACTIVE, "systemctl is-active {unit}");
        d.put(SYSTEMD_STATUS, "systemctl status {unit} --no-pager -l");
        d.put(SYSTEMD_START_TIMEOUT, "systemctl show {unit} --property=TimeoutStartUSec");
        d.put(JOURNAL, "journalctl -u {unit} -n {lines} --no-pager");
        d.put(PORTS, "ss -tlnp");
        d.put(PORTS_NETSTAT, "netstat -tlnp");
        d.put(UNIT_FILE, "systemctl cat {unit}");
        d.put(PATH_EXISTS, "test -e {path}");
        d.put(LOCAL_HEALTH, "curl -fsS -m 5 http://localhost:{port}{health_path}");
        // -T tests the configuration like -t and prints all of it: listen ports, error_log files, proxy_pass targets.
        d.put(NGINX_TEST, "sudo -n nginx -T");
        d.put(NGINX_TEST_WITH_CONFIG, "sudo -n nginx -T -c {conf}");
        d.put(NGINX_MASTER, "ps -C nginx -o args=");
        d.put(NGINX_IS_ACTIVE, "systemctl is-active nginx");
        d.put(NGINX_ERROR_LOG, "sudo -n tail -n 50 {path}");
        d.put(UFW_STATUS, "sudo -n ufw status");
        d.put(ENV_FILE, "sudo -n cat {env_file}");
        d.put(COMPOSE_CONTAINERS, "cd {compose_dir} && " + eitherCompose("ids=$(docker compose ps --all -q {compose_service})",
                "ids=$(docker-compose ps -q {compose_service})") + " && if [ -n \"$ids\" ]; then docker inspect $ids; else echo '[]'; fi");
        d.put(COMPOSE_LOGS, "cd {compose_dir} && " + eitherCompose("docker compose logs --no-color --tail {lines} {compose_service}",
                "docker-compose logs --no-color --tail {lines} {compose_service}"));
        d.put(MEMORY, "free -b");
        d.put(DISK, "df -P");
        d.put(LOAD, "cat /proc/loadavg");
        d.put(CORES, "nproc");
        d.put(RESTART_SERVICE, "sudo -n systemctl restart {unit}");
        d.put(START_SERVICE, "sudo -n systemctl start {unit}");
        d.put(RELOAD_UNITS, "sudo -n systemctl daemon-reload");
        d.put(RESTART_NGINX, "sudo -n systemctl restart nginx");
        d.put(COMPOSE_RESTART, "cd {compose_dir} && " + eitherCompose("docker compose restart {compose_service}",
                "docker-compose restart {compose_service}"));
        d.put(COMPOSE_RECREATE, "cd {compose_dir} && " + eitherCompose("docker compose down && docker compose up -d --build",
                "docker-compose down && docker-compose up -d --build"));
        d.put(FIREWALL_ALLOW, "sudo -n ufw allow {public_port}/tcp");
        d.put(REBOOT_HOST, "sudo -n reboot");
        return Collections.unmodifiableMap(d);
    }

    /**
     * Compose v2 ({@code docker compose}, the CLI plugin) where the host has it, else v1 ({@code docker-compose}, also the
     * standalone v2 binary): document 003's host may have either, and v1 hosts are still common.
     */
    private static String eitherCompose(String v2, String v1) {
        return "if docker compose version >/dev/null 2>&1; then " + v2 + "; else " + v1 + "; fi";
    }
}
