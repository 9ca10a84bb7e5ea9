package io.skillbox.cli.bench;

import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.Skillbox;
import io.skillbox.spec.Mount;
import io.skillbox.linux.oci.OciBackend;
import io.skillbox.linux.oci.OciRuntime;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One bench: sets up every variant for one skill, runs the {@link Schedule}, and removes everything it
 * created on {@link #close}, whatever happened.
 */
public final class BenchRun implements AutoCloseable {
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private final JavaApiVariant api;
    private final Path bundle;

    /**
     * @param box        built with {@code phases} as its listener
     * @param cliCommand the {@code skillbox run ...} command line for the {@code cli} variant, if measured
     */
    public BenchRun(Skillbox box, PhaseTimer phases, RunRequest request, Optional<List<String>> cliCommand) {
        this.bundle = request.bundle();
        try {
            RunPreparer.Prepared prepared = box.check(request);
            SandboxSpec spec = prepared.spec();
            Path work = TempDirs.create("skillbox-bench-");
            cleanups.push(() -> TempDirs.delete(work));
            Path params = TempDirs.writeReadable(work.resolve("params.json"), request.params().orElse("{}"));
            if (spec.isolation() == Isolation.NAMESPACES) {
                RawBaseline raw = RawBaseline.open(spec, prepared.stdin());
                cleanups.push(raw::close);
                variants.put(BenchReport.RAW_BWRAP, new Variant() {
                    @Override
                    public String name() {
                        return BenchReport.RAW_BWRAP;
                    }

                    @Override
                    public void runOnce(boolean measured) {
                        raw.runOnce();
                    }
                });
                variants.put(BenchReport.BWRAP_CLI, new ProcessVariant(BenchReport.BWRAP_CLI,
                        BwrapCliCommand.argv(locateBwrap(), spec, writeDataFiles(spec, work)), params, work));
            } else {
                OciBackend backend = (OciBackend) prepared.backend();
                // No warm variant for runsc: gVisor 2024's `runsc wait` on a container created ahead and started
                // later does not return ("context deadline exceeded"); the warm ceiling is measured with runc.
                boolean[] kinds = backend.runtime() == OciRuntime.RUNSC ? new boolean[] {false} : new boolean[] {false, true};
                cleanups.push(RawOci::removeCgroups); // last, after every raw container is deleted
                for (boolean warm : kinds) {
                    RawOci raw = RawOci.open(spec, backend.runtime(), warm, backend.binary().orElseThrow(), params);
                    cleanups.push(raw::close);
                    Variant v = raw.variant();
                    variants.put(v.name(), v);
                }
            }
            api = new JavaApiVariant(box, phases, request);
            variants.put(BenchReport.JAVA_API, api);
            cliCommand.ifPresent(c -> variants.put(BenchReport.CLI, new ProcessVariant(BenchReport.CLI, c, params, work)));
            // One unmeasured run through skillbox first: a skill that fails is reported with its status and
            // stderr, which the raw baseline cannot give.
            api.runOnce(false);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs the schedule and summarises it; {@code cliRuns} is ignored without a cli command. */
    public BenchReport run(int runs, int warmup, int cliRuns) {
        List<String> inProcess = variants.keySet().stream().filter(n -> !n.equals(BenchReport.CLI)).toList();
        int spreadRuns = variants.containsKey(BenchReport.CLI) ? cliRuns : 0;
        Map<String, List<Long>> samples = new HashMap<>();
        for (Schedule.Step step : Schedule.plan(inProcess, runs, warmup, BenchReport.CLI, spreadRuns)) {
            Variant v = variants.get(step.variant());
            long start = System.nanoTime();
            v.runOnce(step.measured());
            long nanos = System.nanoTime() - start;
            v.afterRun();
            if (step.measured()) {
                samples.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(nanos);
            }
        }
        List<Stats> stats = new ArrayList<>();
        for (String name : variants.keySet()) {
            List<Long> s = samples.get(name);
            if (s != null) {
                stats.add(Stats.of(name, s.stream().mapToLong(Long::longValue).toArray()));
            }
        }
        return BenchReport.of(bundle.toString(), runs, warmup, stats, api.phases());
    }

    private static Map<String, Path> writeDataFiles(SandboxSpec spec, Path work) {
        Map<String, Path> files = new HashMap<>();
        for (Mount m : spec.mounts()) {
            if (m instanceof Mount.DataFile f) {
                files.put(f.target(), TempDirs.writeReadable(work.resolve("data-" + files.size()), f.content()));
            }
        }
        return files;
    }

    private static Path locateBwrap() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/bwrap")));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "bwrap"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("bwrap is not installed: apt-get install bubblewrap"));
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
