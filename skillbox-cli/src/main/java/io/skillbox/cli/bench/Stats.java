package io.skillbox.cli.bench;

import java.util.Arrays;

/**
 * The summary of one variant's samples, in milliseconds.
 *
 * <p>Percentiles interpolate linearly between the two closest ranks (numpy's and R's default, "type 7"):
 * for n samples sorted ascending, the p-th percentile sits at position {@code (n - 1) * p / 100}. With
 * n = 1 every percentile is that one sample.
 *
 * @param variant the variant's name, e.g. {@code raw-bwrap}
 * @param n       how many samples (warm-up runs excluded)
 */
public record Stats(String variant, int n, double p50Ms, double p95Ms, double meanMs, double minMs) {
    private static final double NANOS_PER_MS = 1_000_000.0;

    /** Summarises {@code nanos} (one wall time per run); the array is not modified. */
    public static Stats of(String variant, long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples for " + variant);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Stats(variant, sorted.length, percentile(sorted, 50) / NANOS_PER_MS,
                percentile(sorted, 95) / NANOS_PER_MS, sum / sorted.length / NANOS_PER_MS, sorted[0] / NANOS_PER_MS);
    }

    /** The p-th percentile (0..100) of ascending {@code sorted}, interpolated between closest ranks. */
    static double percentile(long[] sorted, double p) {
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in 0..100: " + p);
        }
        double pos = (sorted.length - 1) * p / 100.0;
        int lower = (int) Math.floor(pos);
        int upper = (int) Math.ceil(pos);
        return sorted[lower] + (pos - lower) * (sorted[upper] - sorted[lower]);
    }
}
