package io.skillbox.core.run;

import io.skillbox.core.error.Violation;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of one run, as the CLI prints it with {@code --json} and the API returns it.
 *
 * @param runId      unique id of the run
 * @param skill      the skill's name (empty if the manifest could not be read)
 * @param status     how it ended
 * @param exitCode   the skill's exit code, when it exited by itself
 * @param result     stdout parsed as JSON, or stdout as a JSON string when it is not JSON; null when empty
 * @param stdout     stdout as text (capped)
 * @param stderr     stderr as text (capped): the skill's logs
 * @param artifacts  files collected from /work/out
 * @param startedAt  when the sandbox started (null when denied)
 * @param durationMs from start until everything of the run was gone
 * @param usage      resources used
 * @param backend    which backend ran it (null when denied)
 * @param isolation  which tier ran it (null when denied)
 * @param error      why it was denied or failed on skillbox's side; null otherwise
 * @param violations every refusal reason, and every limit the skill ran into
 * @param forensics  the signed forensics bundle written for this run, or null
 */
public record RunResult(
        String runId,
        String skill,
        RunStatus status,
        Integer exitCode,
        JsonNode result,
        String stdout,
        String stderr,
        List<Artifact> artifacts,
        Instant startedAt,
        long durationMs,
        Usage usage,
        String backend,
        String isolation,
        ErrorInfo error,
        List<Violation> violations,
        String forensics) {

    public RunResult {
        artifacts = List.copyOf(artifacts);
        violations = List.copyOf(violations);
    }

    /** A result without a forensics bundle. */
    public RunResult(String runId, String skill, RunStatus status, Integer exitCode, JsonNode result, String stdout,
            String stderr, List<Artifact> artifacts, Instant startedAt, long durationMs, Usage usage, String backend,
            String isolation, ErrorInfo error, List<Violation> violations) {
        this(runId, skill, status, exitCode, result, stdout, stderr, artifacts, startedAt, durationMs, usage, backend,
                isolation, error, violations, null);
    }

    public RunResult withForensics(String file) {
        return new RunResult(runId, skill, status, exitCode, result, stdout, stderr, artifacts, startedAt, durationMs,
                usage, backend, isolation, error, violations, file);
    }

    /** @param peakMemoryBytes memory high-water mark; @param cpuMillis CPU time used */
    public record Usage(long peakMemoryBytes, long cpuMillis) {
        public static final Usage NONE = new Usage(0, 0);
    }

    /**
     * @param path    relative to /work/out
     * @param size    bytes
     * @param sha256  hex digest
     * @param savedTo where it was written on the host, or null when the request named no artifact directory
     */
    public record Artifact(String path, long size, String sha256, String savedTo) {}

    /** @param code the stable error code (e.g. {@code invalid_manifest}); @param message what happened */
    public record ErrorInfo(String code, String message) {}
}
