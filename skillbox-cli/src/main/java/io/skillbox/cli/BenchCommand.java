package io.skillbox.cli;

import io.skillbox.cli.bench.BenchReport;
import io.skillbox.cli.bench.BenchRun;
import io.skillbox.cli.bench.Overhead;
import io.skillbox.cli.bench.PhaseTimer;
import io.skillbox.cli.bench.TempDirs;
import io.skillbox.cli.bench.TrivialSkill;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.Skillbox;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code skillbox bench}: what skillbox costs on top of raw bwrap, measured side by side in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure skillbox's overhead: run a skill many times through the Java API",
                "and the CLI, next to raw bwrap with the same isolation, and print p50, p95,",
                "mean and min in milliseconds.",
                "",
                "Variants, interleaved round-robin (order rotating each round):",
                "  raw-bwrap  bwrap with exactly the options and descriptors skillbox compiles",
                "             for the skill, as an unprivileged uid, without skillbox's",
                "             host-side work: the baseline",
                "  bwrap-cli  a plain bwrap command line, same namespaces and mounts, started",
                "             by ProcessBuilder as the current user; no seccomp, no cgroup",
                "  java-api   Skillbox.run end to end: load, validate, compile, launch,",
                "             cgroup, mounts, cleanup; also split into 'prepare' and",
                "             'launch..cleanup'",
                "  cli        `skillbox run BUNDLE` as a new process, JVM start-up included",
                "",
                "Needs root, like every sandboxed run. See docs/BENCHMARKS.md."},
        footer = {"", "With --fail-above MS, exit code 4 means the java-api p50 overhead exceeded MS.",
                ExitCodes.HELP})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "50",
            description = "Measured runs of each in-process variant (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "100",
            description = "Unmeasured runs of each in-process variant first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--cli-runs", paramLabel = "M", defaultValue = "10",
            description = "Measured runs of the cli variant, after one unmeasured one; 0 skips it (default: ${DEFAULT-VALUE}).")
    int cliRuns;

    @Option(names = "--skill", paramLabel = "DIR",
            description = {"The skill to run. Default: a built-in trivial shell skill (prints {}) in a temp dir.",
                    "DIR and its parents must be readable by the baseline's unprivileged uid."})
    Path skill;

    @Option(names = "--params", paramLabel = "JSON", defaultValue = "{}",
            description = "The params document for every run (default: ${DEFAULT-VALUE}).")
    String params;

    @Option(names = "--cli", paramLabel = "PATH",
            description = "The skillbox launcher for the cli variant. Default: bin/skillbox of the checkout this jar is in.")
    Path cli;

    @Mixin
    PolicyOption policy;

    @Option(names = "--isolation", paramLabel = "TIER",
            description = {"Bench this tier instead of the skill's: namespaces (baselines raw-bwrap and bwrap-cli),",
                    "container or gvisor (baselines raw-runc / raw-runsc: the same config.json run by the",
                    "runtime directly, and, for runc, raw-runc-warm: created ahead, then start, wait and delete)."})
    String isolation;

    @Option(names = "--json", description = "Print the report as JSON instead of a table.")
    boolean json;

    @Option(names = "--fail-above", paramLabel = "MS",
            description = "Exit 4 when the java-api p50 overhead over raw-bwrap exceeds MS milliseconds.")
    Double failAbove;

    @Override
    public Integer call() {
        validate();
        Optional<Path> launcher = cliRuns == 0 ? Optional.empty() : Optional.of(launcher());
        Path dir = skill;
        Path owned = null;
        if (dir == null) {
            owned = TrivialSkill.write();
            dir = owned;
        }
        try {
            Path bundle = dir.toAbsolutePath().normalize();
            BenchReport report = measure(bundle, launcher.map(l -> cliCommand(l, bundle)));
            System.out.print(json ? Output.pretty(report) + "\n" : report.render());
            return verdict(report);
        } finally {
            TempDirs.delete(owned);
        }
    }

    private BenchReport measure(Path dir, Optional<List<String>> cliCommand) {
        System.err.printf(Locale.ROOT, "skillbox bench: %s, %d runs (+%d warm-up) per in-process variant, %d cli runs%n",
                dir, runs, warmup, cliCommand.isPresent() ? cliRuns : 0);
        PhaseTimer phases = new PhaseTimer();
        try (Skillbox box = Skillboxes.create(policy.load(), phases);
                BenchRun bench = new BenchRun(box, phases, isolation == null ? RunRequest.of(dir, params)
                        : RunRequest.of(dir, params).withIsolation(isolation), cliCommand)) {
            return bench.run(runs, warmup, cliRuns);
        }
    }

    private int verdict(BenchReport report) {
        if (failAbove == null) {
            return ExitCodes.OK;
        }
        Overhead api = report.overheadOf(BenchReport.JAVA_API).orElseThrow();
        if (api.p50DeltaMs() > failAbove) {
            System.err.printf(Locale.ROOT, "skillbox bench: java-api p50 overhead %.2f ms is above --fail-above %.2f ms%n",
                    api.p50DeltaMs(), failAbove);
            return ExitCodes.LIMIT;
        }
        return ExitCodes.OK;
    }

    private void validate() {
        if (runs < 1) {
            throw usage("--runs must be at least 1, not " + runs);
        }
        if (warmup < 0) {
            throw usage("--warmup must be 0 or more, not " + warmup);
        }
        if (cliRuns < 0) {
            throw usage("--cli-runs must be 0 or more, not " + cliRuns);
        }
        if (failAbove != null && !(failAbove >= 0)) {
            throw usage("--fail-above must be a number of milliseconds, 0 or more, not " + failAbove);
        }
        if (skill != null && !Files.isRegularFile(skill.resolve("skill.yaml"))) {
            throw usage("--skill " + skill + " is not a skill directory: it has no skill.yaml");
        }
    }

    /** The launcher: --cli, else bin/skillbox in the first ancestor of this jar (or classes dir) that has one. */
    private Path launcher() {
        Path launcher = cli;
        if (launcher == null) {
            launcher = findLauncher().orElseThrow(() -> usage("cannot find bin/skillbox above "
                    + codeLocation().map(Path::toString).orElse("this jar") + "; pass --cli PATH or --cli-runs 0"));
        }
        if (!Files.isRegularFile(launcher) || !Files.isExecutable(launcher)) {
            throw usage("--cli " + launcher + " is not an executable file");
        }
        return launcher.toAbsolutePath();
    }

    /** {@code LAUNCHER run DIR --params JSON [--policy FILE]}. */
    private List<String> cliCommand(Path launcher, Path dir) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "run", dir.toString(), "--params", params));
        if (isolation != null) {
            command.addAll(List.of("--isolation", isolation));
        }
        if (policy.policy != null) {
            command.addAll(List.of("--policy", policy.policy.toAbsolutePath().toString()));
        }
        return command;
    }

    private static Optional<Path> findLauncher() {
        for (Path p = codeLocation().orElse(null); p != null; p = p.getParent()) {
            Path candidate = p.resolve("bin").resolve("skillbox");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
