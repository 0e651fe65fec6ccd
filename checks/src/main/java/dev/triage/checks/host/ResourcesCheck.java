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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code resources}: {@code free -b}, {@code df -P}, {@code /proc/loadavg} and {@code nproc} (003, 002).
 * FAIL when memory in use is over {@code memoryPercent}, the 1-minute load over {@code loadPercent} of the
 * cores, or a real file system (not tmpfs, not a snap image) over {@code diskPercent} full.
 */
public final class ResourcesCheck extends HostCheck {
    public static final String ID = "resources";
    public static final double DEFAULT_MEMORY_PERCENT = 80;
    public static final double DEFAULT_LOAD_PERCENT = 70;
    public static final int DEFAULT_DISK_PERCENT = 90;

    private final double memoryPercent;
    private final double loadPercent;
    private final int diskPercent;

    public ResourcesCheck(RemoteShell shell, CommandTemplates templates) {
        this(shell, templates, DEFAULT_MEMORY_PERCENT, DEFAULT_LOAD_PERCENT, DEFAULT_DISK_PERCENT);
    }

    public ResourcesCheck(RemoteShell shell, CommandTemplates templates, double memoryPercent, double loadPercent,
                          int diskPercent) {
        super(ID, shell, templates);
        this.memoryPercent = percent("memoryPercent", memoryPercent);
        this.loadPercent = loadPercent;
        if (!(loadPercent > 0)) {
            throw new IllegalArgumentException("loadPercent must be above 0: " + loadPercent);
        }
        this.diskPercent = (int) percent("diskPercent", diskPercent);
    }

    @Override
    Optional<CheckResult> skip(Target target) {
        return Skips.unlessSsh(ID, target);
    }

    @Override
    CheckResult judge(HostSession session, Target target) throws HostProblem {
        return inspect(session);
    }

    private CheckResult inspect(HostSession session) throws HostProblem {
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
                problems.add(disk.mount() + " " + disk.usedPercent() + " % full (over " + diskPercent + " %)");
                evidence.add(disk.line());
            }
        }
        if (!problems.isEmpty()) {
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

    private static double percent(String name, double value) {
        if (!(value > 0 && value <= 100)) {
            throw new IllegalArgumentException(name + " must be in (0, 100]: " + value);
        }
        return value;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
