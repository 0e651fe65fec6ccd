package dev.triage.checks.host;

import dev.triage.checks.CheckResult;
import dev.triage.checks.Status;
import dev.triage.checks.ssh.CommandResult;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.RemoteShell;
import dev.triage.checks.ssh.parse.DfParser;
import dev.triage.checks.ssh.parse.DiskUsage;
import dev.triage.checks.ssh.parse.FreeParser;
import dev.triage.checks.ssh.parse.LoadAverage;
import dev.triage.checks.ssh.parse.LoadAverageParser;
import dev.triage.checks.ssh.parse.MemoryUsage;
import dev.triage.config.Target;
import dev.triage.config.Thresholds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code resources}: {@code free -b}, {@code df -P}, {@code /proc/loadavg} and {@code nproc} (003, 002).
 * FAIL when memory in use is over the service's {@link Thresholds} (80 % by default), the 1-minute load over its
 * share of the cores (70 %), or a real file system (not tmpfs, not a snap image) fuller than its share (90 %).
 * The figures are facts, so the runbook's verdict can give them.
 */
public final class ResourcesCheck extends HostCheck {
    public static final String ID = "resources";
    public ResourcesCheck(RemoteShell shell, CommandTemplates templates) {
        super(ID, shell, templates);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessSsh(ID, target);
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session, target.service() != null ? target.service().thresholds() : Thresholds.DEFAULTS);
    }

    private CheckResult inspect(HostSession session, Thresholds limits) throws HostProblem {
        double memoryPercent = limits.memoryPercent();
        double loadPercent = limits.loadPercent();
        int diskPercent = limits.diskPercent();
        // Four commands, one exec: one round trip to the host instead of four.
        List<CommandResult> runs = session.runEach(List.of(CommandTemplates.MEMORY, CommandTemplates.DISK, CommandTemplates.LOAD,
                CommandTemplates.CORES));
        MemoryUsage memory = read(session, runs.get(0), "memory figures", FreeParser::parse);
        List<DiskUsage> disks = read(session, runs.get(1), "file system figures", DfParser::parse)
                .stream().filter(d -> !d.isPseudo()).toList();
        LoadAverage load = read(session, runs.get(2), "load averages", LoadAverageParser::parse);
        int cores = read(session, runs.get(3), "a core count", LoadAverageParser::parseCores);

        var facts = new LinkedHashMap<String, String>();
        facts.put("memory.usedPercent", format(memory.usedPercent()));
        facts.put("load.percent", format(load.percentOf(cores)));
        facts.put("cores", Integer.toString(cores));
        Optional<DiskUsage> fullest = disks.stream().max(Comparator.comparingInt(DiskUsage::usedPercent));
        fullest.ifPresent(d -> {
            facts.put("disk.usedPercent", Integer.toString(d.usedPercent()));
            facts.put("disk.mount", d.mount());
        });

        var problems = new ArrayList<String>();
        var evidence = new ArrayList<String>();
        facts.put("memory.short", Boolean.toString(memory.usedPercent() > memoryPercent));
        facts.put("load.high", Boolean.toString(load.percentOf(cores) > loadPercent));
        facts.put("disk.full", Boolean.toString(disks.stream().anyMatch(d -> d.usedPercent() > diskPercent)));
        if (memory.usedPercent() > memoryPercent) {
            problems.add("memory " + format(memory.usedPercent()) + " % used (over " + format(memoryPercent) + " %)");
            evidence.add(memory.line());
        }
        if (load.percentOf(cores) > loadPercent) {
            problems.add("load " + load.one() + " on " + cores + " cores = " + format(load.percentOf(cores))
                    + " % (over " + format(loadPercent) + " %)");
            evidence.add(load.line() + " (nproc " + cores + ")");
        }
        for (DiskUsage disk : disks) {
            if (disk.usedPercent() > diskPercent) {
                facts.putIfAbsent("disk.fullMount", disk.mount());
                problems.add(disk.mount() + " " + disk.usedPercent() + " % full (over " + diskPercent + " %)");
                evidence.add(disk.line());
            }
        }
        if (!problems.isEmpty()) {
            facts.put("short", String.join("; ", problems));
            return session.result(ID, Status.FAIL, "host " + session.host() + " is short of resources: "
                    + String.join("; ", problems), evidence, facts);
        }
        evidence.add(memory.line());
        evidence.add(load.line() + " (nproc " + cores + ")");
        fullest.ifPresent(d -> evidence.add(d.line()));
        return session.result(ID, Status.OK, "memory " + format(memory.usedPercent()) + " % used, load "
                + format(load.percentOf(cores)) + " % of " + cores + " cores"
                + fullest.map(d -> ", fullest disk " + d.mount() + " " + d.usedPercent() + " %").orElse(""),
                evidence, facts);
    }

    private interface Reader<T> {
        T read(String output);
    }

    private static <T> T read(HostSession session, CommandResult run, String what, Reader<T> parser) throws HostProblem {
        if (!run.succeeded()) {
            throw session.unexpected(run, what);
        }
        try {
            return parser.read(run.stdout());
        } catch (IllegalArgumentException e) {
            throw new HostProblem(HostProblem.Kind.UNEXPECTED_OUTPUT, "`" + run.command() + "` on " + session.host()
                    + " printed no " + what + ": " + e.getMessage(), Evidence.head(run.stdout()));
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
