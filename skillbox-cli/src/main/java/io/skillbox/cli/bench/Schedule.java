package io.skillbox.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The order of the bench's runs. The in-process variants run round-robin, one of each per round, the
 * order rotated every round, so that machine noise (another process, a page-cache flush, CPU frequency)
 * and order effects hit every variant alike. The slow {@code cli} variant runs in fewer rounds, spread
 * evenly over the measured ones, after one unmeasured run that warms the page cache.
 */
public final class Schedule {
    /** One run of {@code variant}; only measured steps are counted. */
    public record Step(String variant, boolean measured) {}

    private Schedule() {}

    /**
     * @param variants the in-process variants, each run {@code warmup} times unmeasured then {@code runs} times
     * @param spread   a variant run only {@code spreadRuns} times, measured (empty: none)
     */
    public static List<Step> plan(List<String> variants, int runs, int warmup, String spread, int spreadRuns) {
        if (runs < 1 || warmup < 0 || spreadRuns < 0) {
            throw new IllegalArgumentException("runs >= 1, warmup >= 0, spreadRuns >= 0");
        }
        List<Step> steps = new ArrayList<>();
        if (spreadRuns > 0) {
            steps.add(new Step(spread, false));
        }
        for (int round = 0; round < warmup; round++) {
            steps.addAll(round(variants, round, false));
        }
        int nextSpread = 0;
        for (int round = 0; round < runs; round++) {
            steps.addAll(round(variants, round, true));
            // The i-th spread run goes into round floor(i * runs / spreadRuns).
            while (nextSpread < spreadRuns && (long) nextSpread * runs / spreadRuns == round) {
                steps.add(new Step(spread, true));
                nextSpread++;
            }
        }
        return steps;
    }

    private static List<Step> round(List<String> variants, int round, boolean measured) {
        List<String> order = new ArrayList<>(variants);
        Collections.rotate(order, -(round % Math.max(1, order.size())));
        return order.stream().map(v -> new Step(v, measured)).toList();
    }
}
