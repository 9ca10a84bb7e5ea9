package io.skillbox.core.run;

import io.skillbox.core.compile.PolicyCompiler;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to run a skill.
 *
 * @param bundle      the skill's bundle directory
 * @param params      the params document as JSON text; empty means {@code {}}
 * @param artifactDir where to save the run's artifacts on the host, under {@code <artifactDir>/<runId>/}; empty
 *                    means they are only listed
 * @param forensics   write a signed forensics bundle of this run whatever its outcome (with a snapshot of /work)
 * @param agent       the agent the run acts for: the parent of its scoped token, whose grants bound its capabilities
 */
public record RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir, boolean forensics,
        String agent) {
    public RunRequest {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(artifactDir, "artifactDir");
        Objects.requireNonNull(agent, "agent");
    }

    public RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir) {
        this(bundle, params, artifactDir, false, PolicyCompiler.Input.DEFAULT_AGENT);
    }

    public static RunRequest of(Path bundle, String paramsJson) {
        return new RunRequest(bundle, Optional.of(paramsJson), Optional.empty());
    }

    public RunRequest withArtifactDir(Path dir) {
        return new RunRequest(bundle, params, Optional.of(dir), forensics, agent);
    }

    public RunRequest withForensics() {
        return new RunRequest(bundle, params, artifactDir, true, agent);
    }

    public RunRequest withAgent(String name) {
        return new RunRequest(bundle, params, artifactDir, forensics, name);
    }
}
