package io.skillbox.cli.bench;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import java.util.ArrayList;
import java.util.List;

/** The {@code java-api} variant: {@link Skillbox#run} end to end, the way an embedding application calls it. */
final class JavaApiVariant implements Variant {
    static final String PREPARE = "java-api: prepare";
    static final String SANDBOX = "java-api: launch..cleanup";

    private final Skillbox box;
    private final PhaseTimer phases;
    private final RunRequest request;
    private final List<Long> prepareNanos = new ArrayList<>();
    private final List<Long> sandboxNanos = new ArrayList<>();

    /** @param phases the listener {@code box} was built with */
    JavaApiVariant(Skillbox box, PhaseTimer phases, RunRequest request) {
        this.box = box;
        this.phases = phases;
        this.request = request;
    }

    @Override
    public String name() {
        return BenchReport.JAVA_API;
    }

    @Override
    public void runOnce(boolean measured) {
        RunResult r = box.run(request);
        if (r.status() != RunStatus.SUCCEEDED) {
            throw new SkillboxException(ErrorCode.INTERNAL, "bench: the java-api run ended " + r.status().wireName()
                    + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")")
                    + (r.error() == null ? "" : ": " + r.error().message())
                    + (r.stderr().isBlank() ? "" : "\n" + r.stderr().strip()));
        }
        if (measured) {
            prepareNanos.add(phases.prepareNanos());
            sandboxNanos.add(phases.sandboxNanos());
        }
    }

    List<Stats> phases() {
        return List.of(Stats.of(PREPARE, toArray(prepareNanos)), Stats.of(SANDBOX, toArray(sandboxNanos)));
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
