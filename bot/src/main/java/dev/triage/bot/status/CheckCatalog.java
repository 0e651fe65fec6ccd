package dev.triage.bot.status;

import dev.triage.checks.Check;
import dev.triage.checks.cloud.CloudChecks;
import dev.triage.checks.custom.CustomChecks;
import dev.triage.checks.host.HostChecks;
import dev.triage.checks.http.HttpCheck;
import dev.triage.checks.http.TlsCheck;
import dev.triage.checks.http.WebSocketCheck;
import dev.triage.checks.http.HttpHealthCheck;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.net.TcpConnectCheck;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.CustomCheck;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every check Triage knows, by id, and how each one expands for a target ({@code http} becomes one
 * check per configured URL). The one place check ids are bound to implementations.
 */
public final class CheckCatalog {
    private final Map<String, Function<Target, List<Check>>> byId = new LinkedHashMap<>();
    private final CustomChecks custom;

    public CheckCatalog(HttpProber prober) {
        this(prober, new CustomChecks(prober, null, null));
    }

    private CheckCatalog(HttpProber prober, CustomChecks custom) {
        this.custom = custom;
        HttpHealthCheck health = new HttpHealthCheck(prober);
        TcpConnectCheck tcp = new TcpConnectCheck();
        byId.put(HttpHealthCheck.ID, t -> List.of(health));
        byId.put(TcpConnectCheck.ID, t -> List.of(tcp));
        java.time.InstantSource clock = java.time.InstantSource.system();
        byId.put(HttpCheck.ID, t -> t.http().stream().<Check>map(e -> new HttpCheck(prober, e, clock)).toList());
        byId.put(WebSocketCheck.ID, t -> t.websockets().stream().<Check>map(path -> new WebSocketCheck(prober, path, clock)).toList());
        TlsCheck tls = new TlsCheck(clock);
        byId.put(TlsCheck.ID, t -> TlsCheck.applies(t) ? List.<Check>of(tls) : List.of());
    }

    /** The outside checks plus the runbooks' host checks over {@code shell}, and their cloud checks (SKIPPED until given settings). */
    public CheckCatalog(HttpProber prober, RemoteShell shell, CommandTemplates templates) {
        this(prober, shell, templates, dev.triage.config.SecretSink.NONE);
    }

    /** @param secrets told the secret values host checks come across (an env file's), for the redaction filter */
    public CheckCatalog(HttpProber prober, RemoteShell shell, CommandTemplates templates, dev.triage.config.SecretSink secrets) {
        this(prober, new CustomChecks(prober, shell.forReads(), templates));
        HostChecks.all(shell.forReads(), templates, secrets).forEach(this::register);
        CloudChecks.unconfigured().forEach(this::register);
    }

    /** Adds a check that needs no per-target expansion. */
    public CheckCatalog register(Check check) {
        byId.put(check.id(), t -> List.of(check));
        return this;
    }

    /** Adds the checks a configuration wrote under {@code checks:}; one of the same name replaces the earlier one. */
    public CheckCatalog include(List<CustomCheck> checks) {
        checks.forEach(c -> register(custom.build(c)));
        return this;
    }

    public Set<String> ids() {
        return byId.keySet();
    }

    /** The checks {@code /backend status} runs for this target, in its configured order. */
    public List<Check> statusChecks(Target target) {
        return expand(target, target.statusChecks());
    }

    public List<Check> expand(Target target, List<String> ids) {
        List<Check> out = new ArrayList<>();
        for (String id : ids) {
            var factory = byId.get(id);
            if (factory == null) {
                throw new IllegalArgumentException("unknown check id " + id + " for target " + target.name()
                        + "; known: " + String.join(", ", byId.keySet()));
            }
            out.addAll(factory.apply(target));
        }
        return out;
    }
}
