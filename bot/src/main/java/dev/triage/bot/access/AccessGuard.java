package dev.triage.bot.access;

import dev.triage.bot.command.CommandContext;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.command.Subcommand;
import dev.triage.bot.command.UsageException;
import dev.triage.config.Access;

/** The role check in front of every {@code /backend} subcommand: the configured role, else the subcommand's default. */
public final class AccessGuard implements CommandSet.Guard {
    private final Access access;
    private final Roles roles;

    public AccessGuard(Access access, Roles roles) {
        this.access = access;
        this.roles = roles;
    }

    @Override
    public void check(CommandContext ctx, Subcommand sub) {
        String needed = access.commandRole(sub.name(), sub.role());
        if (!roles.has(ctx.user(), needed)) {
            throw new UsageException("/backend " + sub.name() + " needs the role " + needed + ", and "
                    + ctx.user().mention() + " has " + describe(roles.of(ctx.user())) + ". Someone can add "
                    + Roles.memberId(ctx.user()) + " under roles." + needed + " in the config; /backend whoami shows yours.");
        }
    }

    static String describe(java.util.Set<String> have) {
        return have.isEmpty() ? "no role" : "only " + String.join(", ", have);
    }
}
