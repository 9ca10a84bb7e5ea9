package io.skillbox.core.backend;

import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.WorkCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a backend observed of one run: raw bytes, no interpretation of the skill's output yet.
 *
 * @param termination how it ended
 * @param stdout      the first {@code limits.stdoutBytes} bytes of stdout
 * @param stderr      the first {@code limits.stderrBytes} bytes of stderr
 * @param usage       resources used, from the kernel's accounting
 * @param artifacts   files collected from the artifact directory
 * @param violations  limits the skill ran into that did not end the run (pids ceiling, scratch full,
 *                    artifacts dropped), each naming the manifest field it concerns
 * @param startedAt   when the sandbox process was started
 * @param duration    from start until the whole tree was gone
 * @param work        the scratch space as the run left it, when the spec asked for a snapshot
 */
public record ProcessOutcome(
        Termination termination,
        byte[] stdout,
        byte[] stderr,
        Usage usage,
        List<CollectedArtifact> artifacts,
        List<Violation> violations,
        Instant startedAt,
        Duration duration,
        WorkCapture work) {

    public ProcessOutcome {
        Objects.requireNonNull(termination, "termination");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(usage, "usage");
        artifacts = List.copyOf(artifacts);
        violations = List.copyOf(violations);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(work, "work");
    }

    /** An outcome without a snapshot of the scratch space. */
    public ProcessOutcome(Termination termination, byte[] stdout, byte[] stderr, Usage usage,
            List<CollectedArtifact> artifacts, List<Violation> violations, Instant startedAt, Duration duration) {
        this(termination, stdout, stderr, usage, artifacts, violations, startedAt, duration,
                WorkCapture.notCaptured("the spec asked for no snapshot"));
    }

    /** The same outcome with more violations, e.g. what the run's network gateway refused. */
    public ProcessOutcome withViolations(List<Violation> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Violation> all = new java.util.ArrayList<>(violations);
        all.addAll(more);
        return new ProcessOutcome(termination, stdout, stderr, usage, artifacts, all, startedAt, duration, work);
    }

    /** Whether a run ended other than by exiting 0 by itself, or ran into a limit on the way. */
    public static boolean troubled(Termination termination, List<Violation> violations) {
        return !(termination instanceof Termination.Exited e && e.code() == 0) || !violations.isEmpty();
    }

    /**
     * @param peakMemoryBytes the memory high-water mark of the run's cgroup
     * @param cpuMillis       CPU time consumed by all of the run's processes
     */
    public record Usage(long peakMemoryBytes, long cpuMillis) {
        public static final Usage NONE = new Usage(0, 0);
    }

    /**
     * @param path    relative to the artifact directory, '/'-separated
     * @param size    bytes
     * @param sha256  hex digest of the content
     * @param content the bytes
     */
    public record CollectedArtifact(String path, long size, String sha256, byte[] content) {}
}
