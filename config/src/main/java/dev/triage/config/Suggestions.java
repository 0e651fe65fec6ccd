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

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
