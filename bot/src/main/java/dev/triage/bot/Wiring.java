package dev.triage.bot;

import dev.triage.adapters.ChatPort;
import dev.triage.bot.command.BackendCommands;
import dev.triage.bot.command.Bot;
import dev.triage.bot.command.ButtonRouter;
import dev.triage.bot.command.CommandSet;
import dev.triage.bot.status.CheckCatalog;
import dev.triage.bot.status.StatusRenderer;
import dev.triage.bot.status.StatusService;
import dev.triage.bot.diagnose.DecisionPath;
import dev.triage.bot.diagnose.DiagnoseCommands;
import dev.triage.bot.diagnose.DiagnoseService;
import dev.triage.bot.diagnose.DiagnosisRenderer;
import dev.triage.checks.CheckRunner;
import dev.triage.checks.ssh.CommandTemplates;
import dev.triage.checks.ssh.SshExecutor;
import dev.triage.checks.http.HttpProber;
import dev.triage.config.ConfigException;
import dev.triage.config.ConfigLoader;
import dev.triage.config.TriageConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The composition root's parts, built with plain constructors in one place: no static singletons,
 * time and threads injected.
 */
final class Wiring implements AutoCloseable {
    final InstantSource clock;
    final ExecutorService workers;
    final HttpProber prober;
    final CheckCatalog catalog;
    final CheckRunner runner;
    final StatusService status;
    final StatusRenderer renderer;
    final SshExecutor ssh;
    final CommandTemplates templates;
    final DiagnoseService diagnose;

    Wiring(InstantSource clock) {
        this.clock = clock;
        this.workers = Executors.newVirtualThreadPerTaskExecutor();
        this.prober = new HttpProber();
        this.ssh = SshExecutor.withDefaults();
        this.templates = new CommandTemplates();
        this.catalog = new CheckCatalog(prober, ssh, templates);
        this.runner = new CheckRunner(workers, clock);
        this.status = new StatusService(catalog, runner, workers, clock);
        this.renderer = new StatusRenderer();
        this.diagnose = new DiagnoseService(catalog, runner, new DecisionPath(), clock);
    }

    TriageConfig load(Path file, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(env, catalog.ids()).load(file);
    }

    /** The bot for one configuration, answering through {@code port}. */
    Bot bot(TriageConfig config, ChatPort port, CommandSet... extra) {
        ButtonRouter buttons = new ButtonRouter();
        CommandSet backend = new CommandSet("backend", "ask Triage about your backends");
        BackendCommands backendCommands = new BackendCommands(config, status, renderer);
        backendCommands.register(backend, buttons);
        new DiagnoseCommands(config, backendCommands, diagnose, new DiagnosisRenderer(), ssh, templates,
                actionId -> false, clock).register(backend, buttons);
        Bot bot = new Bot(port, workers, buttons).register(backend);
        for (CommandSet set : extra) {
            bot.register(set);
        }
        return bot;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        ssh.close();
    }
}
