package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.skillbox.cli.bench.BenchReport;
import io.skillbox.cli.bench.Overhead;
import io.skillbox.cli.bench.Schedule;
import io.skillbox.cli.bench.Stats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bench's pure parts: statistics, schedule, report formatting, option checks. Nothing is run. */
class BenchCommandTest {
    private static final long MS = 1_000_000;

    @Test
    void summarisesInMilliseconds() {
        Stats s = Stats.of("raw-bwrap", new long[] {40 * MS, 10 * MS, 30 * MS, 20 * MS});
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.minMs()).isEqualTo(10.0);
        assertThat(s.meanMs()).isEqualTo(25.0);
        // position (4 - 1) * 0.5 = 1.5: halfway between 20 and 30
        assertThat(s.p50Ms()).isEqualTo(25.0);
        // position (4 - 1) * 0.95 = 2.85: 30 + 0.85 * 10
        assertThat(s.p95Ms()).isCloseTo(38.5, within(1e-9));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        Stats s = Stats.of("cli", new long[] {1_234_567});
        assertThat(List.of(s.p50Ms(), s.p95Ms(), s.meanMs(), s.minMs())).containsOnly(1.234567);
    }

    @Test
    void oddCountMedianIsTheMiddleSample() {
        assertThat(Stats.of("x", new long[] {5 * MS, 1 * MS, 3 * MS}).p50Ms()).isEqualTo(3.0);
    }

    @Test
    void leavesTheSamplesUntouched() {
        long[] samples = {3, 1, 2};
        Stats.of("x", samples);
        assertThat(samples).containsExactly(3, 1, 2);
    }

    @Test
    void refusesNoSamples() {
        assertThatThrownBy(() -> Stats.of("java-api", new long[0])).hasMessageContaining("java-api");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void percentilesAreOrderedAndWithinTheSamples(long seed) {
        Random random = new Random(seed);
        long[] samples = new long[1 + random.nextInt(200)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 1 + (long) (random.nextDouble() * random.nextDouble() * 100 * MS);
        }
        Stats s = Stats.of("x", samples);
        long max = Arrays.stream(samples).max().orElseThrow();
        assertThat(s.minMs()).isLessThanOrEqualTo(s.p50Ms());
        assertThat(s.p50Ms()).isLessThanOrEqualTo(s.p95Ms());
        assertThat(s.p95Ms()).isLessThanOrEqualTo(max / 1e6);
        assertThat(s.meanMs()).isBetween(s.minMs(), max / 1e6);
        long below = Arrays.stream(samples).filter(v -> v / 1e6 < s.p50Ms()).count();
        long above = Arrays.stream(samples).filter(v -> v / 1e6 > s.p50Ms()).count();
        assertThat(below).isLessThanOrEqualTo(samples.length / 2);
        assertThat(above).isLessThanOrEqualTo(samples.length / 2);
    }

    @Test
    void overheadIsTheDifferenceAndRatioOfMedians() {
        Overhead o = Overhead.of(stats("java-api", 25.0), stats("raw-bwrap", 20.0));
        assertThat(o.p50DeltaMs()).isEqualTo(5.0);
        assertThat(o.ratio()).isEqualTo(1.25);
        assertThat(o.line()).isEqualTo("java-api overhead vs raw-bwrap: +5.00 ms p50 (ratio 1.25)");
        assertThat(Overhead.of(stats("java-api", 19.0), stats("raw-bwrap", 20.0)).line())
                .isEqualTo("java-api overhead vs raw-bwrap: -1.00 ms p50 (ratio 0.95)");
    }

    @Test
    void reportHasOneRowPerVariantAndTheOverheadLines() {
        BenchReport r = BenchReport.of("/tmp/skill", 50, 10,
                List.of(stats("raw-bwrap", 20), stats("bwrap-cli", 21), stats("java-api", 24.125), stats("cli", 400)),
                List.of(stats("java-api: prepare", 2)));
        String text = r.render();
        assertThat(text).contains("skill: /tmp/skill");
        assertThat(text).containsPattern("(?m)^variant \\(ms\\) +n +p50 +p95 +mean +min$");
        assertThat(text).containsPattern("(?m)^java-api +5 +24\\.13 +24\\.13 +24\\.13 +24\\.13$");
        assertThat(text).containsPattern("(?m)^  java-api: prepare +5 +2\\.00");
        assertThat(text).contains("java-api overhead vs raw-bwrap: +4.13 ms p50 (ratio 1.21)\n");
        assertThat(text).contains("cli overhead vs raw-bwrap: +380.00 ms p50 (ratio 20.00)\n");
        assertThat(r.overhead()).extracting(Overhead::variant).containsExactly("java-api", "cli");
    }

    @Test
    void reportWithoutCliHasOnlyTheJavaApiOverhead() {
        BenchReport r = BenchReport.of("s", 1, 0, List.of(stats("raw-bwrap", 20), stats("java-api", 22)), List.of());
        assertThat(r.overheadOf("cli")).isEmpty();
        assertThat(r.overheadOf("java-api")).get().extracting(Overhead::p50DeltaMs).isEqualTo(2.0);
    }

    @Test
    void reportSerialisesForJson() {
        BenchReport r = BenchReport.of("s", 1, 0, List.of(stats("raw-bwrap", 20), stats("java-api", 22)), List.of());
        String json = Output.pretty(r);
        assertThat(json).contains("\"p50Ms\" : 22.0", "\"p50DeltaMs\" : 2.0", "\"ratio\" : 1.1", "\"variant\" : \"java-api\"");
    }

    @Test
    void scheduleRunsEveryVariantRoundRobinWithRotatingOrder() {
        List<Schedule.Step> steps = Schedule.plan(List.of("a", "b", "c"), 4, 2, "cli", 0);
        assertThat(steps).hasSize(3 * 6);
        assertThat(steps.subList(0, 6)).allMatch(s -> !s.measured());
        assertThat(steps.subList(6, 18)).allMatch(Schedule.Step::measured);
        assertThat(names(steps.subList(6, 18))).containsExactly("a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c");
        assertThat(counts(steps, true)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4L, "b", 4L, "c", 4L));
    }

    @Test
    void scheduleSpreadsTheSlowVariantEvenlyAfterOneWarmUp() {
        List<Schedule.Step> steps = Schedule.plan(List.of("raw", "api"), 10, 1, "cli", 5);
        assertThat(steps.getFirst()).isEqualTo(new Schedule.Step("cli", false));
        assertThat(counts(steps, true)).containsEntry("cli", 5L).containsEntry("raw", 10L).containsEntry("api", 10L);
        // one cli run every second measured round, each after that round's in-process runs
        List<Integer> cliAt = new ArrayList<>();
        int round = -1;
        for (Schedule.Step s : steps) {
            if (s.measured() && s.variant().equals("raw")) {
                round++;
            }
            if (s.measured() && s.variant().equals("cli")) {
                cliAt.add(round);
            }
        }
        assertThat(cliAt).containsExactly(0, 2, 4, 6, 8);
    }

    @Test
    void scheduleCanRunTheSlowVariantMoreOftenThanTheRounds() {
        assertThat(counts(Schedule.plan(List.of("raw"), 2, 0, "cli", 5), true)).containsEntry("cli", 5L);
    }

    @ParameterizedTest(name = "bench {0}")
    @ValueSource(strings = {"--runs=0", "--runs=-3", "--warmup=-1", "--cli-runs=-1", "--fail-above=-2", "--fail-above=NaN"})
    void refusesNonsenseWithUsageError(String option) {
        String err = captureErr(() -> assertThat(Main.execute("bench", option)).isEqualTo(ExitCodes.USAGE));
        assertThat(err).contains(option.substring(0, option.indexOf('='))).contains("Try 'skillbox bench --help'");
    }

    @Test
    void refusesADirectoryWithoutManifest() {
        String err = captureErr(() -> assertThat(Main.execute("bench", "--skill", "/proc/self")).isEqualTo(ExitCodes.USAGE));
        assertThat(err).contains("no skill.yaml");
    }

    @Test
    void helpNamesEveryOptionAndVariant() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.execute("bench", "--help")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--runs", "--warmup", "--cli-runs", "--skill",
                "--params", "--cli", "--policy", "--json", "--fail-above", "raw-bwrap", "bwrap-cli", "java-api",
                "Exit codes");
    }

    private static Stats stats(String name, double p50Ms) {
        return new Stats(name, 5, p50Ms, p50Ms, p50Ms, p50Ms);
    }

    private static List<String> names(List<Schedule.Step> steps) {
        return steps.stream().map(Schedule.Step::variant).toList();
    }

    private static Map<String, Long> counts(List<Schedule.Step> steps, boolean measured) {
        return steps.stream().filter(s -> s.measured() == measured)
                .collect(Collectors.groupingBy(Schedule.Step::variant, Collectors.counting()));
    }

    private static String captureErr(Runnable action) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
