package dev.triage.bot.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Message;
import dev.triage.bot.store.Approval;
import dev.triage.checks.action.ActionOutcome;
import dev.triage.checks.action.ActionPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalCardTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static Approval restart() {
        Approval p = Approval.pending("req-1", "prod", "restart-service", "sudo -n systemctl restart 'api'", "U1", "dev", "C1",
                "operator", true, NOW, NOW.plus(Duration.ofMinutes(15)));
        return new Approval(p.id(), p.target(), p.actionId(), p.command(), p.requestedBy(), p.requestedByName(), p.channel(),
                p.cardChannel(), p.cardId(), p.approverRole(), p.twoPerson(), Approval.Status.APPROVED, p.createdAt(),
                p.expiresAt(), "U2", "lead", NOW, null, null, null, null, null);
    }

    private static ActionPlan plan() {
        return ActionPlan.unavailable("restart-service", "prod", "shown for the card");
    }

    @Test
    void aVerificationThatPointsAtAnotherActionOffersItOnTheSameCard() {
        ActionOutcome outcome = new ActionOutcome("restart-service", "prod", ActionOutcome.Result.VERIFY_FAILED,
                "Failed at verify: through nginx /health — HTTP 502", List.of(), Duration.ofSeconds(9), null, "restart-nginx");
        Message card = new ApprovalCard().finished(restart(), plan(), outcome, NOW);
        assertEquals(List.of("request:restart-nginx:prod"), card.buttons().stream().map(Message.Button::id).toList());
        assertTrue(card.lines().stream().anyMatch(l -> l.label().equals("NEXT") && l.text().startsWith("restart-nginx")),
                card.lines().toString());
    }

    @Test
    void aDoneOrUnpointedOutcomeHasNoButton() {
        ActionOutcome done = new ActionOutcome("restart-service", "prod", ActionOutcome.Result.DONE, "Done in 9 s",
                List.of(), Duration.ofSeconds(9), null);
        assertEquals(List.of(), new ApprovalCard().finished(restart(), plan(), done, NOW).buttons());
        ActionOutcome failed = new ActionOutcome("restart-service", "prod", ActionOutcome.Result.VERIFY_FAILED,
                "Failed at verify: local /health", List.of(), Duration.ofSeconds(9), null);
        assertEquals(List.of(), new ApprovalCard().finished(restart(), plan(), failed, NOW).buttons());
    }
}
