package dev.triage.checks.action;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.RemoteAccessException;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.Target;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code reboot-host}'s first verification: the host answers over SSH again, on a new boot. The kernel's
 * boot id is read before the command; until it changes, the host that answers is the one that has not
 * rebooted yet. When it could not be read beforehand, the first answer counts.
 */
final class HostBack implements Verification {
    static final String STEP = "host back on SSH";
    /** A fixed, read-only command: the kernel's id of the current boot. */
    static final String BOOT_ID = "cat /proc/sys/kernel/random/boot_id";
    private static final String NOTE = "boot-id";
    private static final Pattern UUID = Pattern.compile("[0-9a-f-]{36}");

    private final RemoteShell shell;
    private final Patience patience;
    private final Poller poller;

    HostBack(RemoteShell shell, Patience patience, Poller poller) {
        this.shell = Objects.requireNonNull(shell, "shell");
        this.patience = Objects.requireNonNull(patience, "patience");
        this.poller = Objects.requireNonNull(poller, "poller");
    }

    @Override
    public String describe(Target target) {
        return "host back on SSH within " + Timing.limit(patience.within()) + " (new boot id)";
    }

    @Override
    public void beforeCommand(Target target, VerifyContext context) {
        try {
            CommandResult read = shell.run(target, BOOT_ID, target.ssh().commandTimeout());
            String id = read.stdout().trim();
            if (read.succeeded() && UUID.matcher(id).matches()) {
                context.note(NOTE, id);
            }
        } catch (RemoteAccessException e) {
            // The command will meet the same problem and report it.
        }
    }

    @Override
    public Verified verify(Target target, VerifyContext context) throws InterruptedException {
        String before = context.note(NOTE).orElse(null);
        Poller.Polled polled = poller.poll(patience, () -> probe(target, before), r -> r.status() == Status.OK,
                r -> false);
        String at = Timing.seconds(context.sinceCommand());
        if (polled.succeeded()) {
            return new Verified(new ActionStep(ActionStep.Phase.VERIFY, STEP, Status.OK,
                    polled.last().summary() + " (at " + at + ")", polled.took()), "host back at " + at);
        }
        return new Verified(new ActionStep(ActionStep.Phase.VERIFY, STEP, Status.FAIL, "not within "
                + Timing.limit(patience.within()) + "; last: " + polled.last().summary(), polled.took()), "");
    }

    private CheckResult probe(Target target, String before) {
        String host = target.ssh().host();
        try {
            CommandResult read = shell.run(target, BOOT_ID, target.ssh().commandTimeout());
            String id = read.stdout().trim();
            if (!read.succeeded() || !UUID.matcher(id).matches()) {
                return result(Status.FAIL, host + " answers over SSH but gave no boot id (exit " + read.exitStatus() + ")");
            }
            if (id.equals(before)) {
                return result(Status.FAIL, host + " answers, but has not rebooted yet (same boot id)");
            }
            return result(Status.OK, host + " answers over SSH again" + (before == null ? "" : " on a new boot"));
        } catch (RemoteAccessException e) {
            return result(Status.FAIL, host + " does not answer over SSH yet: " + e.getMessage());
        }
    }

    private static CheckResult result(Status status, String summary) {
        return CheckResult.of(STEP, status, summary, List.of());
    }
}
