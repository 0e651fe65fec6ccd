package dev.triage.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.triage.adapters.Catalogue;
import dev.triage.adapters.discord.SlashSubcommand;
import dev.triage.bot.diagnose.Diagnosis;
import dev.triage.bot.status.StatusReport;
import dev.triage.bot.store.AuditEntry;
import dev.triage.checks.CheckResult;
import java.util.List;
import java.util.Map;

/**
 * What {@code --json} prints, as records written by Jackson (snake_case names): a target's checks ({@code check},
 * {@code diagnose}), the audit log, and the command catalogue as each platform registers it.
 */
final class CliJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private CliJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Records of strings, numbers, lists and maps always serialize; this is a bug, not bad input.
            throw new IllegalStateException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code check --json} and {@code diagnose --json}: the target's state and each check's result. */
    record Checks(String target, String state, String at, long tookMs, @JsonInclude(JsonInclude.Include.NON_NULL) Verdict verdict,
                  List<Result> results) {
        static Checks of(StatusReport r) {
            return new Checks(r.target().name(), r.state().name(), r.at().toString(), r.took().toMillis(), null, results(r.results()));
        }

        static Checks of(String target, Diagnosis d) {
            return new Checks(target, d.verdict().healthy() ? "HEALTHY" : "UNHEALTHY", d.at().toString(), d.took().toMillis(),
                    Verdict.of(d), results(d.results()));
        }

        private static List<Result> results(List<CheckResult> checks) {
            return checks.stream().map(Result::of).toList();
        }
    }

    record Result(String check, String status, String summary, List<String> evidence, long durationMs, Map<String, String> facts) {
        static Result of(CheckResult r) {
            return new Result(r.checkId(), r.status().name(), r.summary(), r.evidence(), r.duration().toMillis(), r.facts());
        }
    }

    /** The runbook's answer; {@code null} fields are written as null (the cause of a healthy target, a fix not offered). */
    record Verdict(boolean healthy, String hostKeyRefused, String cause, String reference, List<String> evidence,
                   List<String> ruledOut, String fix, String fixAction) {
        static Verdict of(Diagnosis d) {
            var v = d.verdict();
            return new Verdict(v.healthy(), d.hostKeyRefused().map(CheckResult::summary).orElse(null), v.cause(), v.reference(),
                    v.evidence().stream().map(e -> e.checkId() + ": " + e.text()).toList(), v.ruledOut(),
                    v.fix() == null ? null : v.fix().advice(), v.fix() == null ? null : v.fix().actionId());
        }
    }

    /** One line of {@code audit --json}. */
    record AuditRow(String at, String actor, String actorName, String kind, String target, String channel, String detail,
                    String result, String digest) {
        static AuditRow of(AuditEntry e) {
            return new AuditRow(e.at().toString(), e.actor(), e.actorName(), e.kind(), e.target(), e.channel(), e.detail(),
                    e.result(), e.digest());
        }
    }

    /** {@code commands --json}: the one catalogue as Slack, Discord and the console register it. */
    record Commands(Slack slack, Discord discord, List<String> console) {
        static Commands of(Catalogue.Command backend, List<SlashSubcommand> discord, String usageHint) {
            return new Commands(
                    new Slack("/backend", usageHint, backend.subcommands().stream()
                            .map(e -> new SlackSubcommand(e.synopsis("backend"), e.help(), e.role())).toList()),
                    new Discord("backend", discord.stream().map(DiscordSubcommand::of).toList()),
                    backend.subcommands().stream().map(e -> e.synopsis("backend")).toList());
        }
    }

    record Slack(String command, String usageHint, List<SlackSubcommand> subcommands) {
    }

    record SlackSubcommand(String synopsis, String help, String role) {
    }

    record Discord(String command, List<DiscordSubcommand> subcommands) {
    }

    record DiscordSubcommand(String name, @JsonInclude(JsonInclude.Include.NON_NULL) String group, String description,
                             List<DiscordOption> options) {
        static DiscordSubcommand of(SlashSubcommand sub) {
            return new DiscordSubcommand(sub.name(), sub.group(), sub.description(), sub.options().stream()
                    .map(o -> new DiscordOption(o.name(), o.kind().name(), o.required())).toList());
        }
    }

    record DiscordOption(String name, String type, boolean required) {
    }
}
