package dev.triage.bot.runbook;

import dev.triage.config.Condition;
import dev.triage.config.Runbook;
import dev.triage.config.RunbookStep;
import dev.triage.config.Target;
import java.util.List;
import java.util.stream.Collectors;

/** Runbooks as plain text for {@code ./triage runbooks}: each with its documents, checks and numbered steps. */
public final class RunbookListing {

    public String render(RunbookLibrary library, List<Target> targets) {
        StringBuilder out = new StringBuilder();
        for (Runbook r : library.all()) {
            List<String> users = targets.stream().filter(t -> library.forTarget(t).name().equals(r.name())).map(Target::name).toList();
            out.append(r.name()).append(" — ").append(r.title())
                    .append(users.isEmpty() ? "" : " (diagnoses " + String.join(", ", users) + ")").append('\n');
            for (Runbook.Document d : r.documents()) {
                out.append("  from ").append(d.title()).append(d.source() == null ? "" : ": " + d.source()).append('\n');
            }
            out.append("  gathers ").append(r.checks().stream().map(Runbook.CheckUse::id).collect(Collectors.joining(", "))).append('\n');
            int n = 0;
            for (RunbookStep s : r.steps()) {
                n++;
                out.append(String.format("  %2d. %s", n, s.id()));
                if (s.check() != null) {
                    out.append(" [").append(s.check()).append(']');
                }
                if (s.when() instanceof Condition.All a && a.all().isEmpty()) {
                    // applies always
                } else {
                    out.append(" when ").append(describe(s.when()));
                }
                if (s.failsIf() != null) {
                    out.append(" fails if ").append(describe(s.failsIf()));
                }
                if (s.cause() != null) {
                    out.append(" → ").append(s.cause());
                    String ref = RunbookEngine.reference(r, s);
                    if (ref != null) {
                        out.append(" (").append(ref).append(')');
                    }
                }
                if (s.fix() != null && s.fix().action() != null) {
                    out.append(" · fix: ").append(s.fix().action());
                }
                if (s.alsoWhenAnswering()) {
                    out.append(" · read also when it answers");
                }
                if (s.unavailable() != null) {
                    out.append(" · UNAVAILABLE: ").append(s.unavailable());
                }
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String describe(Condition c) {
        return switch (c) {
            case Condition.Failed f -> f.step() + " failed";
            case Condition.Passed p -> p.step() + " passed";
            case Condition.Ran r -> "any of " + String.join(", ", r.checks()) + " ran";
            case Condition.Not n -> "not (" + describe(n.condition()) + ")";
            case Condition.All a -> a.all().stream().map(RunbookListing::describe).collect(Collectors.joining(" and "));
            case Condition.Any a -> "(" + a.any().stream().map(RunbookListing::describe).collect(Collectors.joining(" or ")) + ")";
            case Condition.Fact f -> String.join("|", f.names()) + ("present".equals(f.op()) ? " is present"
                    : " " + f.op() + " " + String.join(", ", f.values()));
        };
    }
}
