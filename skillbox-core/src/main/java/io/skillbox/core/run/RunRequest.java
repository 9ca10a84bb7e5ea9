package io.skillbox.core.run;

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
 */
public record RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir, boolean forensics) {
    public RunRequest {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(artifactDir, "artifactDir");
    }

    public RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir) {
        this(bundle, params, artifactDir, false);
    }

    public static RunRequest of(Path bundle, String paramsJson) {
        return new RunRequest(bundle, Optional.of(paramsJson), Optional.empty());
    }

    public RunRequest withArtifactDir(Path dir) {
        return new RunRequest(bundle, params, Optional.of(dir), forensics);
    }

    public RunRequest withForensics() {
        return new RunRequest(bundle, params, artifactDir, true);
    }
}
