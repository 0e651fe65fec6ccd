package dev.triage.bot.incident;

import dev.triage.adapters.Message;
import dev.triage.adapters.Tone;
import dev.triage.bot.probe.ProbeStats;
import dev.triage.bot.probe.TargetProbeStats;
import dev.triage.bot.probe.UptimeGoals;
import dev.triage.bot.probe.UptimeReport;
import dev.triage.bot.text.Times;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Incidents as messages: the root (edited as the state changes), timeline lines, the resolution, lists. */
public final class IncidentRenderer {

    public Message root(Incident i, int failures, String fixActionId, Instant now) {
        String head = switch (i.state()) {
            case OPEN -> "OPEN  " + i.target() + " is DOWN since " + Times.utcShort(i.downSince())
                    + (failures > 0 ? " (" + failures + " failed probes)" : "");
            case ACKNOWLEDGED -> "ACKNOWLEDGED by @" + i.acknowledgedBy() + "  " + i.target() + " is DOWN since " + Times.utcShort(i.downSince());
            case MITIGATING -> "MITIGATING  " + i.target() + " is DOWN since " + Times.utcShort(i.downSince()) + " · a fix is running";
            case RESOLVED -> "RESOLVED  " + i.target() + " was down " + Times.length(i.length(now)) + " ("
                    + Times.utcShort(i.downSince()) + "–" + Times.utcShort(i.resolvedAt()) + ")";
        };
        Tone tone = switch (i.state()) {
            case OPEN -> Tone.FAIL;
            case ACKNOWLEDGED, MITIGATING -> Tone.WARN;
            case RESOLVED -> Tone.OK;
        };
        boolean needsPerson = i.open() && i.needsPerson() != null;
        Message.Builder m = Message.builder(head + (needsPerson ? " · a person is needed" : "") + "     incident #" + i.number())
                .tone(needsPerson ? Tone.FAIL : tone)
                .field("First failure", i.firstEvidence());
        if (needsPerson) {
            m.field("Needs a person", i.needsPerson());
        }
        if (i.cause() != null) {
            m.field("Likely cause", i.cause());
        }
        if (i.open()) {
            if (i.state() == Incident.State.OPEN) {
                m.button(new Message.Button("ack:" + i.id(), "Acknowledge", Message.Button.Style.PRIMARY));
            }
            m.button(Message.Button.of("diagnose:" + i.target(), "Diagnose again"));
            if (fixActionId != null) {
                m.button(Message.Button.of("request:" + fixActionId + ":" + i.target(), "Request " + fixActionId));
            }
        }
        m.footer("timeline in the thread · /backend incident " + i.number());
        return m.build();
    }

    /** A storm: many targets down within a short window, one message for the channel. */
    public Message group(List<Incident> incidents, Instant now) {
        long open = incidents.stream().filter(Incident::open).count();
        Message.Builder m = Message.builder(open + " of " + incidents.size() + " targets DOWN at once since "
                + Times.utcShort(incidents.get(0).downSince()) + " — one message for all; each has its incident").tone(
                open == 0 ? Tone.OK : Tone.FAIL);
        for (Incident i : incidents) {
            m.line(i.open() ? Tone.FAIL : Tone.OK, i.target(), "#" + i.number() + " " + i.state()
                    + (i.open() ? " · " + i.firstEvidence() : " after " + Times.length(i.length(now))), null);
        }
        m.footer("timelines in the thread, each line prefixed with its target");
        return m.build();
    }

    public Message event(String target, boolean prefixTarget, IncidentStore.Event e) {
        String who = e.actor() == null ? "" : "@" + e.actor() + " ";
        return Message.builder(Times.utcShort(e.at()).replace(" UTC", "") + "  " + pad(e.kind()) + (prefixTarget ? "[" + target + "] " : "")
                + who + e.text()).tone(toneOf(e.kind())).build();
    }

    public Message resolution(Incident i, String cause, String fixedBy, UptimeReport month, Instant now) {
        Message.Builder m = Message.builder("RESOLVED  " + i.target() + " was down " + Times.length(i.length(now)) + " ("
                + Times.utcShort(i.downSince()) + "–" + Times.utcShort(i.resolvedAt() == null ? now : i.resolvedAt()) + ")")
                .tone(Tone.OK);
        m.field("Cause", cause == null ? "not diagnosed" : cause);
        m.field("Fixed by", fixedBy == null ? "it recovered without an action" : fixedBy);
        if (month != null) {
            m.field("Last 30 days", uptimeLine(month));
        }
        return m.build();
    }

    public Message list(List<Incident> incidents, Instant now) {
        Message.Builder m = Message.builder(incidents.isEmpty() ? "No open or recent incidents" : "Incidents: "
                + incidents.stream().filter(Incident::open).count() + " open, " + incidents.size() + " in all");
        for (Incident i : incidents) {
            m.line(i.open() ? Tone.FAIL : Tone.OK, "#" + i.number() + " " + i.target(), i.state() + " · down "
                    + Times.length(i.length(now)) + " since " + Times.utcShort(i.downSince()) + (i.cause() == null ? "" : " · " + i.cause()),
                    null);
        }
        m.footer("/backend incident NUMBER shows a timeline");
        return m.build();
    }

    public Message timeline(Incident i, List<IncidentStore.Event> events, Instant now) {
        Message.Builder m = Message.builder("Incident #" + i.number() + " — " + i.target() + " · " + i.state() + " · down "
                + Times.length(i.length(now))).tone(i.open() ? Tone.FAIL : Tone.OK);
        for (IncidentStore.Event e : events) {
            m.line(toneOf(e.kind()), Times.utcShort(e.at()).replace(" UTC", "") + " " + e.kind(),
                    (e.actor() == null ? "" : "@" + e.actor() + " ") + e.text(), null);
        }
        return m.build();
    }

    /**
     * {@code /backend uptime}: the figures of document 003, each beside its goal with the verdict as a word (met, missed,
     * no data), over the window; the chart follows in the thread.
     */
    public Message uptime(String target, String windowName, UptimeReport r) {
        List<UptimeGoals.Judged> judged = UptimeGoals.DOCUMENT_003.judge(r);
        long missed = judged.stream().filter(j -> j.met().isPresent() && !j.met().get()).count();
        Message.Builder m = Message.builder((target == null ? "All targets" : target) + " — last " + windowName + ": "
                + uptimeLine(r) + (missed == 0 ? " · goals met" : " · " + missed + (missed == 1 ? " goal" : " goals") + " missed"))
                .tone(missed == 0 ? Tone.OK : Tone.WARN);
        for (UptimeGoals.Judged j : judged) {
            if (target == null && j.key().startsWith("response_time")) {
                continue;   // response times are per target
            }
            Tone tone = j.met().map(met -> met ? Tone.OK : Tone.WARN).orElse(Tone.INFO);
            m.line(tone, j.name(), j.value() + "  ·  goal " + j.goal() + (j.met().isPresent() ? "  ·  " + j.verdict() : ""), null);
        }
        m.footer(Times.utcShort(r.from()) + " – " + Times.utcShort(r.to()) + " · " + r.open() + " open · response times from "
                + r.response().map(t -> t.periods() + " stored minute" + (t.periods() == 1 ? "" : "s")).orElse("no stored minutes")
                + " · goals: document 003");
        return m.build();
    }

    /** A chart as its own message in a thread (Slack shares it as a file, Discord shows it in an embed, the console a path). */
    public Message chart(String target, String over, Message.Image image) {
        return Message.builder("Uptime chart: " + target + ", last " + over).tone(Tone.INFO).image(image).build();
    }

    public Message probes(ProbeStats s) {
        Message.Builder m = Message.builder(s.targets().size() + (s.targets().size() == 1 ? " target" : " targets") + " probed · "
                + s.probes() + " probes · lag p50 "
                + Times.millis(s.lag().p50()) + ", p99 " + Times.millis(s.lag().p99()) + ", max " + Times.millis(s.lag().max())
                + (s.starved() ? " · STARVED" : "")).tone(s.starved() ? Tone.WARN : Tone.INFO);
        for (TargetProbeStats t : s.targets()) {
            Tone tone = switch (t.state()) {
                case UP -> Tone.OK;
                case DOWN -> Tone.FAIL;
                default -> Tone.INFO;
            };
            m.line(tone, t.target(), t.state() + (t.since() == null ? "" : " since " + Times.utcShort(t.since()))
                    + " · every " + Times.length(t.interval())
                    + (t.lastLatency() == null ? "" : " · last " + Times.millis(t.lastLatency()))
                    + (t.latencyP95() == null ? "" : " · p95 " + Times.millis(t.latencyP95()))
                    + " · " + t.failures() + "/" + t.probes() + " failed"
                    + (t.silence() != null ? " · silenced until " + Times.utcShort(t.silence().until()) : ""), null);
        }
        m.footer("in flight " + s.inFlight() + "/" + s.maxInFlight() + ", waiting " + s.waiting() + ", late " + s.lateProbes()
                + ", skipped " + s.skipped() + " · " + Times.utc(s.at()));
        return m.build();
    }

    /** What a replica that doesn't probe knows: the leader's figures of its last stats period, from the store. */
    public Message probes(List<IncidentStore.Aggregate> targets, Instant now) {
        if (targets.isEmpty()) {
            return Message.of(Tone.INFO, "The leader hasn't reported probe figures yet (it does every minute); try again shortly.");
        }
        Instant at = targets.stream().map(IncidentStore.Aggregate::at).max(Instant::compareTo).orElse(now);
        Message.Builder m = Message.builder(targets.size() + (targets.size() == 1 ? " target" : " targets")
                + " probed by the leader · figures of " + Times.utcShort(at)).tone(Tone.INFO);
        for (IncidentStore.Aggregate a : targets) {
            Tone tone = switch (a.state()) {
                case "UP" -> Tone.OK;
                case "DOWN" -> Tone.FAIL;
                default -> Tone.INFO;
            };
            m.line(tone, a.target(), a.state() + (a.p95Millis() == null ? "" : " · p50 " + a.p50Millis() + " ms · p95 "
                    + a.p95Millis() + " ms") + " · " + a.failures() + "/" + a.probes() + " failed", null);
        }
        m.footer("this replica doesn't probe; the leader writes these figures every minute");
        return m.build();
    }

    /**
     * {@code replica bot-a-x3k9qz since 03:12 UTC, lease epoch 7 · this replica (…) follows · 3 replicas alive};
     * {@code me} null for a tool that takes no part.
     */
    public String leadership(java.util.Optional<dev.triage.bot.ha.LeaderLease.LeaseView> lease, dev.triage.bot.ha.Replica me,
                             boolean leads, List<String> live, Instant now) {
        if (lease.isEmpty()) {
            return "unknown: the store can't be reached" + (me == null ? "" : " · this replica (" + me.id() + ") doesn't lead meanwhile");
        }
        var l = lease.get();
        String who = l.epoch() == 0 ? "no replica has led yet" : !l.live() ? "none now (the last lease, epoch " + l.epoch() + ", ran out"
                + (l.expiresAt() == null ? "" : " at " + Times.utc(l.expiresAt())) + ")"
                : "replica " + l.holder() + " since " + Times.utc(l.acquiredAt()) + ", lease epoch " + l.epoch();
        return who + (me == null ? "" : " · this replica (" + me.id() + ") " + (leads ? "leads" : "follows"))
                + (live.isEmpty() ? "" : " · " + live.size() + (live.size() == 1 ? " replica" : " replicas") + " alive");
    }

    static String uptimeLine(UptimeReport r) {
        return String.format(Locale.ROOT, "%.3f %% up", r.uptimePercent()) + " · " + r.incidents()
                + (r.incidents() == 1 ? " incident" : " incidents")
                + r.medianTimeToRecover().map(d -> " · time to recover " + Times.length(d) + " median").orElse("");
    }

    private static String pad(String kind) {
        return kind.length() >= 9 ? kind + " " : kind + " ".repeat(9 - kind.length());
    }

    private static Tone toneOf(String kind) {
        return switch (kind) {
            case "down", "reminder" -> Tone.FAIL;
            case "resolved", "up" -> Tone.OK;
            case "ack", "action", "request", "approval" -> Tone.WARN;
            default -> Tone.INFO;
        };
    }
}
