package io.skillbox.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource ceilings for one run. All are hard limits enforced by the kernel or by skillbox while the
 * run streams, never checked only afterwards.
 *
 * @param memoryBytes    memory (including tmpfs pages the skill writes); the run is OOM-killed above it
 * @param cpuMillis      CPU bandwidth in thousandths of a core (500 = half a core)
 * @param pids           maximum number of processes and threads at once (fork-bomb ceiling)
 * @param timeout        wall-clock time from start; the whole process tree is killed when it passes
 * @param stdoutBytes    bytes of stdout kept; the run is killed when the skill writes more
 * @param stderrBytes    bytes of stderr kept; the run is killed when the skill writes more
 * @param scratchBytes   size of the writable scratch space (/work)
 * @param tmpBytes       size of the private /tmp
 */
public record Limits(
        long memoryBytes,
        long cpuMillis,
        int pids,
        Duration timeout,
        long stdoutBytes,
        long stderrBytes,
        long scratchBytes,
        long tmpBytes) {
    public Limits {
        Objects.requireNonNull(timeout, "timeout");
        if (memoryBytes <= 0 || cpuMillis <= 0 || pids <= 0 || stdoutBytes <= 0 || stderrBytes <= 0
                || scratchBytes <= 0 || tmpBytes <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("every limit must be positive: " + this);
        }
    }
}
