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
 * @param isolation   a tier asked for in place of the manifest's {@code runtime.isolation} (by wire name); still
 *                    a request the policy may refuse, never a grant
 */
public record RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir, boolean forensics,
        String agent, Optional<String> isolation) {
    public RunRequest {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(artifactDir, "artifactDir");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(isolation, "isolation");
    }

    public RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir) {
        this(bundle, params, artifactDir, false, PolicyCompiler.Input.DEFAULT_AGENT, Optional.empty());
    }

    public static RunRequest of(Path bundle, String paramsJson) {
        return new RunRequest(bundle, Optional.of(paramsJson), Optional.empty());
    }

    public RunRequest withArtifactDir(Path dir) {
        return new RunRequest(bundle, params, Optional.of(dir), forensics, agent, isolation);
    }

    public RunRequest withForensics() {
        return new RunRequest(bundle, params, artifactDir, true, agent, isolation);
    }

    public RunRequest withAgent(String name) {
        return new RunRequest(bundle, params, artifactDir, forensics, name, isolation);
    }

    /** The same request asking for {@code tier} (a wire name such as {@code gvisor}) whatever the manifest says. */
    public RunRequest withIsolation(String tier) {
        return new RunRequest(bundle, params, artifactDir, forensics, agent, Optional.of(tier));
    }
}
