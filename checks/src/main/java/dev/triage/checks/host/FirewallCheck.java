package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.UfwRule;
import dev.triage.checks.ssh.parse.UfwStatus;
import dev.triage.checks.ssh.parse.UfwStatusParser;
import dev.triage.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@code firewall}: {@code sudo -n ufw status} (000/7, 001/6), judged on the port the world reaches: the service's, or
 * with nginx in front the base URL's (001: nginx on 80, the app on 8000 closed from outside, which is right; the app's
 * port open to the world is a WARN). OK when ufw is inactive or a rule allows that port from anywhere; WARN when it is allowed only from some sources; FAIL when ufw is active
 * and the first matching rule denies the port or none matches (ufw's default incoming policy denies).
 */
public final class FirewallCheck extends HostCheck {
    public static final String ID = "firewall";


    public FirewallCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessPort(ID, target);
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        int appPort = target.service().port();
        int publicPort = target.publicPort();
        return inspect(session, publicPort, publicPort != appPort ? appPort : null);
    }

    /**
     * @param port    the port the world must reach: the service's own, or nginx's when nginx fronts it (001)
     * @param behind  the app's own port behind nginx, which should stay closed from outside; null without nginx
     */
    private CheckResult inspect(HostSession session, int port, Integer behind) throws HostProblem {
        CommandResult run = session.run(CommandTemplates.UFW_STATUS);
        UfwStatus status = UfwStatusParser.parse(run.stdout());
        if (status.statusLine() == null) {
            throw session.unexpected(run, "a ufw status");
        }
        var facts = new LinkedHashMap<String, String>();
        facts.put("ufw", status.active() ? "active" : "inactive");
        facts.put("port", Integer.toString(port));
        String which = behind == null ? "" : " (nginx's public port; the app's " + behind + " stays behind it)";
        if (behind != null) {
            facts.put("portRole", "the port nginx serves the world on");
        }
        if (!status.active()) {
            facts.put("port.allowed", "true");
            return session.result(ID, Status.OK, "ufw inactive", java.util.List.of(status.statusLine()), facts);
        }
        Optional<UfwRule> deciding = status.deciding(port);
        var evidence = new ArrayList<String>();
        evidence.add(status.statusLine());
        if (deciding.isEmpty()) {
            status.rules().stream().filter(r -> !r.v6()).map(UfwRule::line).forEach(evidence::add);
            facts.put("port.allowed", "false");
            return session.result(ID, Status.FAIL, "ufw is active and no rule allows " + port
                    + "/tcp" + which + ": incoming connections are dropped (firewall-allow opens it)", evidence, facts);
        }
        UfwRule rule = deciding.get();
        evidence.add(rule.line());
        if (!rule.lets()) {
            facts.put("port.allowed", "false");
            return session.result(ID, Status.FAIL, "ufw is active and rule `" + rule.to() + " " + rule.action() + " "
                    + rule.from() + "` blocks " + port + "/tcp" + which, evidence, facts);
        }
        facts.put("port.allowed", "true");
        if (!rule.fromAnywhere()) {
            facts.put("port.allowedFrom", rule.from());
            return session.result(ID, Status.WARN, "ufw allows " + port + "/tcp only from " + rule.from()
                    + ": other clients are dropped", evidence, facts);
        }
        if (behind != null && status.deciding(behind).filter(UfwRule::lets).filter(UfwRule::fromAnywhere).isPresent()) {
            UfwRule open = status.deciding(behind).orElseThrow();
            evidence.add(open.line());
            facts.put("appPortOpen", Integer.toString(behind));
            return session.result(ID, Status.WARN, "ufw allows " + port + "/tcp, and also the app's own " + behind
                    + "/tcp from anywhere although nginx fronts it: close it (ufw delete allow " + behind + "/tcp)",
                    evidence, facts);
        }
        return session.result(ID, Status.OK, "ufw is active and allows " + port + "/tcp" + which + " from anywhere",
                evidence, facts);
    }
}
