package dev.triage.bot.runbook;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a runbook's text: {@code {service.port}} becomes the fact's value (a comma-separated list is
 * shown as "a, b"; a comma already followed by a space is left as it is); a part in square brackets, {@code [ (journal: {journal.patterns})]}, is kept only
 * when every fact in it has a value. Text only: a template never reaches a shell.
 */
final class Template {
    private static final Pattern OPTIONAL = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final Pattern FACT = Pattern.compile("\\{([A-Za-z0-9._-]+)}");

    private Template() {
    }

    static String fill(String text, Function<String, String> facts) {
        if (text == null) {
            return null;
        }
        Matcher m = OPTIONAL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String inner = substitute(m.group(1), facts, true);
            m.appendReplacement(out, Matcher.quoteReplacement(inner == null ? "" : inner));
        }
        m.appendTail(out);
        String whole = substitute(out.toString(), facts, false);
        return whole;
    }

    /** @param strict null when a fact is missing; otherwise a missing fact is shown as "?" */
    private static String substitute(String text, Function<String, String> facts, boolean strict) {
        Matcher m = FACT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = facts.apply(m.group(1));
            if (v == null || v.isBlank()) {
                if (strict) {
                    return null;
                }
                v = "?";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v.replaceAll(",(?! )", ", ")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
