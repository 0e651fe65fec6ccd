package dev.triage.bot.approval;

import dev.triage.adapters.Requester;
import dev.triage.bot.store.AuditEntry;
import dev.triage.bot.store.Ids;
import dev.triage.bot.store.Store;
import java.time.InstantSource;

/** Writes the audit log: every command, request, decision, action step and outcome. */
public final class Audit {
    private final Store store;
    private final Ids ids;
    private final InstantSource clock;

    public Audit(Store store, Ids ids, InstantSource clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    public void record(Requester who, AuditKind kind, String target, String channel, String detail, String result, String digest) {
        var at = clock.instant();
        store.audit(new AuditEntry(ids.next(at), at, who.platform() + ":" + who.userId(), who.displayName(), kind.stored(), target,
                channel, detail, result, digest));
    }

    public Store store() {
        return store;
    }
}
