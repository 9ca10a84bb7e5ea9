package io.skillbox.core.run;

import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.JsonSchemas;
import io.skillbox.core.json.Json;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.spec.SandboxSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** Turns what a backend observed into the {@link RunResult} contract. */
final class ResultAssembler {
    private ResultAssembler() {}

    static RunResult assemble(String runId, Manifest manifest, SandboxSpec spec, String backend,
            ProcessOutcome o, RunRequest request) {
        List<Violation> violations = new ArrayList<>(o.violations());
        String stdout = new String(o.stdout(), StandardCharsets.UTF_8);
        JsonNode result = parseResult(stdout);
        RunStatus status = status(o.termination());
        Integer exitCode = switch (o.termination()) {
            case Termination.Exited exited -> exited.code();
            case Termination.Signaled signaled -> 128 + signaled.signal();
            default -> null;
        };
        violations.addAll(limitViolations(o.termination(), spec));
        if (status == RunStatus.SUCCEEDED && manifest.result().isPresent() && result != null) {
            List<Violation> bad = JsonSchemas.validate(manifest.result().get(), result, "result");
            if (!bad.isEmpty()) {
                status = RunStatus.FAILED;
                violations.addAll(bad);
            }
        }
        RunResult.ErrorInfo error = o.termination() instanceof Termination.SetupFailed failed
                ? new RunResult.ErrorInfo(ErrorCode.INTERNAL.wireName(), "the sandbox could not be set up: " + failed.message())
                : null;
        return new RunResult(runId, manifest.name(), status, exitCode, result, stdout,
                new String(o.stderr(), StandardCharsets.UTF_8), saveArtifacts(runId, o, request),
                o.startedAt(), o.duration().toMillis(),
                new RunResult.Usage(o.usage().peakMemoryBytes(), o.usage().cpuMillis()), backend,
                spec.isolation().wireName(), error, violations);
    }

    static RunResult refused(String runId, String skill, SkillboxException e) {
        RunStatus status = e.code().kind() == ErrorCode.Kind.REFUSED ? RunStatus.DENIED : RunStatus.ERROR;
        return new RunResult(runId, skill, status, null, null, "", "", List.of(), null, 0, RunResult.Usage.NONE,
                null, null, new RunResult.ErrorInfo(e.code().wireName(), e.getMessage()), e.violations());
    }

    private static RunStatus status(Termination t) {
        return switch (t) {
            case Termination.Exited exited -> exited.code() == 0 ? RunStatus.SUCCEEDED : RunStatus.FAILED;
            case Termination.Signaled signaled -> RunStatus.FAILED;
            case Termination.TimedOut timedOut -> RunStatus.TIMED_OUT;
            case Termination.MemoryExceeded memory -> RunStatus.MEMORY_EXCEEDED;
            case Termination.OutputExceeded output -> RunStatus.OUTPUT_EXCEEDED;
            case Termination.Cancelled cancelled -> RunStatus.KILLED;
            case Termination.SetupFailed setup -> RunStatus.ERROR;
        };
    }

    private static List<Violation> limitViolations(Termination t, SandboxSpec spec) {
        return switch (t) {
            case Termination.TimedOut timedOut -> List.of(new Violation("resources.timeout",
                    "the run passed its timeout of " + Quantities.formatDuration(spec.limits().timeout())
                            + "; every process was killed",
                    "make the skill finish sooner, or ask for a longer timeout"));
            case Termination.MemoryExceeded memory -> List.of(new Violation("resources.memory",
                    "the run hit its memory limit of " + Quantities.formatBytes(spec.limits().memoryBytes())
                            + "; the kernel killed a process",
                    "use less memory, or ask for more"));
            case Termination.OutputExceeded output -> List.of(new Violation("resources.output",
                    "the skill wrote more than " + Quantities.formatBytes(spec.limits().stdoutBytes()) + " to "
                            + output.stream() + "; every process was killed",
                    "write large results to /work/out as artifacts, or ask for a larger output limit"));
            default -> List.of();
        };
    }

    /** stdout as JSON when it parses, else as a JSON string; null when there was none. */
    private static JsonNode parseResult(String stdout) {
        if (stdout.isBlank()) {
            return null;
        }
        try {
            return Json.json().readTree(stdout);
        } catch (JacksonException e) {
            return StringNode.valueOf(stdout);
        }
    }

    /** Each run saves under its own {@code <artifactDir>/<runId>/}: runs sharing a directory never collide. */
    private static List<RunResult.Artifact> saveArtifacts(String runId, ProcessOutcome o, RunRequest request) {
        List<RunResult.Artifact> out = new ArrayList<>();
        for (ProcessOutcome.CollectedArtifact a : o.artifacts()) {
            String savedTo = request.artifactDir().map(dir -> save(dir.resolve(runId), a).toString()).orElse(null);
            out.add(new RunResult.Artifact(a.path(), a.size(), a.sha256(), savedTo));
        }
        return out;
    }

    private static Path save(Path dir, ProcessOutcome.CollectedArtifact a) {
        Path base = dir.toAbsolutePath().normalize();
        Path target = base.resolve(a.path()).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new SkillboxException(ErrorCode.INTERNAL, "artifact path escapes the artifact directory: " + a.path());
        }
        try {
            Files.createDirectories(target.getParent());
            // CREATE_NEW: never follow or overwrite something already there.
            try (OutputStream os = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                os.write(a.content());
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save artifact " + a.path() + " to " + target, e);
        }
    }
}
