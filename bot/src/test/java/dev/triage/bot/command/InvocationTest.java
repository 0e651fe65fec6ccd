package dev.triage.bot.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.triage.adapters.Requester;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvocationTest {
    private static final Requester ANA = new Requester("slack", "U1", "ana", Set.of());
    private static final Map<String, String> APPROVALS = Map.of("0kq3", "prod");

    private static Optional<String> target(Invocation i) {
        return i.target(w -> Set.of("prod", "staging").contains(w) ? Optional.of(w) : Optional.empty(),
                id -> Optional.ofNullable(APPROVALS.get(id)));
    }

    @Test
    void aCommandsTargetIsItsFirstWordThatNamesOne() {
        Invocation i = Invocation.command(ANA, "C1", "backend", "logs staging 50");
        assertEquals(Optional.of("staging"), target(i));
        assertEquals("/backend logs staging 50", i.line());
        assertEquals(Optional.of("logs"), i.name());
        assertFalse(i.decision());
    }

    @Test
    void aDecisionClickIsAboutTheTargetOfTheRequestItDecides() {
        Invocation approve = Invocation.click(ANA, "C1", "approve:0kq3");
        assertTrue(approve.decision());
        assertEquals(Optional.of("0kq3"), approve.approvalId());
        assertEquals(Optional.of("prod"), target(approve), "audited with its target, not without");
        assertEquals("button approve:0kq3", approve.line());

        Invocation request = Invocation.click(ANA, "C1", "request:restart-service:staging");
        assertFalse(request.decision());
        assertEquals(Optional.of("staging"), target(request));
        assertEquals(Optional.empty(), target(Invocation.click(ANA, "C1", "approve:unknown")));
    }

    @Test
    void aWordThatOnlyLooksLikeAButtonIsNotADecision() {
        Invocation typed = Invocation.command(ANA, "C1", "backend", "note prod approve it");
        assertFalse(typed.decision(), "a typed note that says approve decides nothing");
        assertEquals(Optional.of("prod"), target(typed));
    }
}
