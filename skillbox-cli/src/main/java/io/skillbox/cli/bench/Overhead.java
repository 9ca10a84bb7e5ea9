package io.skillbox.cli.bench;

/**
 * What a variant costs on top of a baseline measured in the same run, at the median.
 *
 * @param p50DeltaMs the variant's p50 minus the baseline's p50 (negative when the variant was faster)
 * @param ratio      the variant's p50 divided by the baseline's p50
 */
public record Overhead(String variant, String baseline, double p50DeltaMs, double ratio) {

    public static Overhead of(Stats variant, Stats baseline) {
        return new Overhead(variant.variant(), baseline.variant(), variant.p50Ms() - baseline.p50Ms(),
                variant.p50Ms() / baseline.p50Ms());
    }

    /** {@code "java-api overhead vs raw-bwrap: +1.23 ms p50 (ratio 1.05)"}. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "%s overhead vs %s: %+.2f ms p50 (ratio %.2f)",
                variant, baseline, p50DeltaMs, ratio);
    }
}
