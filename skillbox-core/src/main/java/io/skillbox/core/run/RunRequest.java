package io.skillbox.core.run;

import io.skillbox.core.compile.PolicyCompiler;
import java.nio.file.Path;
import java.util.List;
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
 * @param script      for a skill whose runs choose a script (Agent Skills): the bundle file to run. Its stdin is then
 *                    {@code params} as given, raw text that is neither parsed nor validated (empty when absent)
 * @param args        the chosen script's arguments, passed verbatim
 */
public record RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir, boolean forensics,
        String agent, Optional<String> isolation, Optional<String> script, List<String> args) {
    public RunRequest {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(artifactDir, "artifactDir");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(script, "script");
        args = List.copyOf(args);
    }

    public RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir, boolean forensics, String agent,
            Optional<String> isolation) {
        this(bundle, params, artifactDir, forensics, agent, isolation, Optional.empty(), List.of());
    }

    public RunRequest(Path bundle, Optional<String> params, Optional<Path> artifactDir) {
        this(bundle, params, artifactDir, false, PolicyCompiler.Input.DEFAULT_AGENT, Optional.empty());
    }

    public static RunRequest of(Path bundle, String paramsJson) {
        return new RunRequest(bundle, Optional.of(paramsJson), Optional.empty());
    }

    public RunRequest withArtifactDir(Path dir) {
        return new RunRequest(bundle, params, Optional.of(dir), forensics, agent, isolation, script, args);
    }

    public RunRequest withForensics() {
        return new RunRequest(bundle, params, artifactDir, true, agent, isolation, script, args);
    }

    public RunRequest withAgent(String name) {
        return new RunRequest(bundle, params, artifactDir, forensics, name, isolation, script, args);
    }

    /** The same request asking for {@code tier} (a wire name such as {@code gvisor}) whatever the manifest says. */
    public RunRequest withIsolation(String tier) {
        return new RunRequest(bundle, params, artifactDir, forensics, agent, Optional.of(tier), script, args);
    }

    /** Runs {@code path}, a script of the bundle, with {@code arguments}; the params become its raw stdin. */
    public RunRequest withScript(String path, List<String> arguments) {
        return new RunRequest(bundle, params, artifactDir, forensics, agent, isolation, Optional.of(path), arguments);
    }
}
