package io.skillbox.core.json;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt field names: the closest candidate within a small edit distance. */
final class Suggestions {
    private static final int MAX_DISTANCE = 2;
    /** Names this short get one edit at most: 'gpu' should not suggest 'cpus'. */
    private static final int SHORT_NAME = 4;

    private Suggestions() {}

    static Optional<String> closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        int limit = t.length() <= SHORT_NAME ? 1 : MAX_DISTANCE;
        return candidates.stream()
                .filter(c -> distance(t, c.toLowerCase(Locale.ROOT)) <= limit)
                .min(Comparator.comparingInt(c -> distance(t, c.toLowerCase(Locale.ROOT))));
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("isolatoin"). */
    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > MAX_DISTANCE) {
            return MAX_DISTANCE + 1;
        }
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
