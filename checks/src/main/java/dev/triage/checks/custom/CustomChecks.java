package dev.triage.checks.custom;

import dev.triage.checks.Check;
import dev.triage.checks.http.HttpProber;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.config.CommandCheckSettings;
import dev.triage.config.CustomCheck;
import dev.triage.config.HttpCheckSettings;
import java.util.Objects;

/** Builds the check a team wrote under {@code checks:}, over the shared SSH shell and HTTP prober. */
public final class CustomChecks {
    private final HttpProber prober;
    private final RemoteShell shell;
    private final CommandTemplates templates;

    /** @param shell null when this bot has no SSH; a {@code command} check then can't be built */
    public CustomChecks(HttpProber prober, RemoteShell shell, CommandTemplates templates) {
        this.prober = Objects.requireNonNull(prober, "prober");
        this.shell = shell;
        this.templates = templates;
    }

    public Check build(CustomCheck settings) {
        return switch (settings) {
            case CommandCheckSettings c -> {
                if (shell == null) {
                    throw new IllegalStateException("check " + c.name() + " (" + c.place() + ") runs over SSH, and this catalog has no SSH shell");
                }
                yield new CommandCheck(c, shell, templates);
            }
            case HttpCheckSettings h -> new HttpExpectationCheck(h, prober);
        };
    }
}
