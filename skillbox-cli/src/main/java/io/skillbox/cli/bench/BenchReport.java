package io.skillbox.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one {@code skillbox bench}: every variant's statistics, the java-api phases, and the
 * overheads against the raw baseline of the same run (raw-bwrap, raw-runc or raw-runsc: the first variant).
 * Serialised as is for {@code --json}.
 *
 * @param skill    the bundle that was run
 * @param runs     measured runs per in-process variant
 * @param warmup   unmeasured runs per in-process variant before those
 * @param variants one row per variant, baselines first
 * @param phases   the java-api runs split at the moment the sandbox is about to start
 * @param overhead java-api (and cli, when measured) against the baseline
 */
public record BenchReport(String skill, int runs, int warmup, List<Stats> variants, List<Stats> phases,
        List<Overhead> overhead) {
    public static final String RAW_BWRAP = "raw-bwrap";
    public static final String BWRAP_CLI = "bwrap-cli";
    public static final String JAVA_API = "java-api";
    public static final String CLI = "cli";

    public BenchReport {
        variants = List.copyOf(variants);
        phases = List.copyOf(phases);
        overhead = List.copyOf(overhead);
    }

    /** Builds the report, deriving the overheads of java-api and cli against the baseline, the first variant. */
    public static BenchReport of(String skill, int runs, int warmup, List<Stats> variants, List<Stats> phases) {
        List<Overhead> overhead = new ArrayList<>();
        Optional<Stats> raw = variants.stream().findFirst().filter(s -> s.variant().startsWith("raw-"));
        if (raw.isPresent()) {
            for (String name : List.of(JAVA_API, CLI)) {
                find(variants, name).ifPresent(v -> overhead.add(Overhead.of(v, raw.get())));
            }
        }
        return new BenchReport(skill, runs, warmup, variants, phases, overhead);
    }

    public Optional<Stats> variant(String name) {
        return find(variants, name);
    }

    public Optional<Overhead> overheadOf(String name) {
        return overhead.stream().filter(o -> o.variant().equals(name)).findFirst();
    }

    /** The table and the overhead lines, for people. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("skill: ").append(skill).append('\n');
        out.append(String.format(Locale.ROOT, "%-26s %5s %9s %9s %9s %9s%n", "variant (ms)", "n", "p50", "p95",
                "mean", "min"));
        for (Stats s : variants) {
            out.append(row(s.variant(), s));
        }
        for (Stats s : phases) {
            out.append(row("  " + s.variant(), s));
        }
        out.append('\n');
        for (Overhead o : overhead) {
            out.append(o.line()).append('\n');
        }
        return out.toString();
    }

    private static String row(String label, Stats s) {
        return String.format(Locale.ROOT, "%-26s %5d %9.2f %9.2f %9.2f %9.2f%n", label, s.n(), s.p50Ms(), s.p95Ms(),
                s.meanMs(), s.minMs());
    }

    private static Optional<Stats> find(List<Stats> list, String name) {
        return list.stream().filter(s -> s.variant().equals(name)).findFirst();
    }
}
