package dev.triage.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?" for mistyped keys, check ids, subcommands and target names. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The known word nearest to {@code word}, when one is near enough to be a typo. */
    public static Optional<String> closest(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String kl = k.toLowerCase(Locale.ROOT);
            int d = kl.startsWith(w) && !w.isEmpty() ? 1 : editDistance(w, kl);
            if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null || bestDistance > Math.max(2, word.length() / 2)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    /** {@code "; did you mean X?"}, or empty text when nothing is close. */
    public static String didYouMean(String word, Collection<String> known) {
        return closest(word, known).map(k -> "; did you mean " + k + "?").orElse("");
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
