package dev.triage.bot.command;

import dev.triage.adapters.Requester;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A command typed or a button pressed, as a record from the adapter's event to the audit and the incident timeline:
 * who, where, and what — the command and its words, or the button's kind and argument — instead of one flattened line
 * each reader parses again.
 *
 * @param command the slash command ({@code backend}); null for a click
 * @param words   the command's words after it ({@code status}, {@code prod}), or the button's parts
 *                ({@code approve}, {@code 0kq3}; {@code request}, {@code restart-service}, {@code prod})
 */
public record Invocation(Requester who, String channel, boolean click, String command, List<String> words) {

    public Invocation {
        Objects.requireNonNull(who, "who");
        words = List.copyOf(words);
    }

    public static Invocation command(Requester who, String channel, String command, String text) {
        return new Invocation(who, channel, false, command, text == null || text.isBlank() ? List.of()
                : Arrays.asList(text.strip().split("\\s+")));
    }

    public static Invocation click(Requester who, String channel, String buttonId) {
        return new Invocation(who, channel, true, null, Arrays.asList(buttonId.split(":")));
    }

    /** The subcommand ({@code status}) or the button's kind ({@code approve}). */
    public Optional<String> name() {
        return words.isEmpty() ? Optional.empty() : Optional.of(words.get(0));
    }

    /** An approval or a denial: the decision itself is in the timeline already, by its own event. */
    public boolean decision() {
        return click && name().filter(n -> n.equals("approve") || n.equals("deny")).isPresent();
    }

    /** The approval request a click decides ({@code approve:ID}); empty otherwise. */
    public Optional<String> approvalId() {
        return decision() && words.size() > 1 ? Optional.of(words.get(1)) : Optional.empty();
    }

    /**
     * The target it is about: the first word that names one (a command's argument, a button's target), else for a
     * decision the target of the request it decides.
     *
     * @param named    a word's target, if it names one
     * @param approval a request's target by its id
     */
    public Optional<String> target(Function<String, Optional<String>> named, Function<String, Optional<String>> approval) {
        List<String> candidates = new ArrayList<>(words.size() > 1 ? words.subList(1, words.size()) : List.of());
        for (String w : candidates) {
            Optional<String> t = named.apply(w);
            if (t.isPresent()) {
                return t;
            }
        }
        return approvalId().flatMap(approval);
    }

    /** As people read it: {@code /backend status prod}, {@code button approve:0kq3}. */
    public String line() {
        return click ? "button " + String.join(":", words) : "/" + command + (words.isEmpty() ? "" : " " + String.join(" ", words));
    }
}
