package io.skillbox.cli;

import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --policy FILE}, falling back to $SKILLBOX_POLICY, then to the built-in default policy. */
final class PolicyOption {
    @Option(names = "--policy", paramLabel = "FILE",
            description = "Operator policy (policy.yaml). Default: $SKILLBOX_POLICY, else the built-in policy.")
    Path policy;

    Policy load() {
        Path file = policy;
        if (file == null && System.getenv("SKILLBOX_POLICY") != null) {
            file = Path.of(System.getenv("SKILLBOX_POLICY"));
        }
        return file == null ? PolicyLoader.builtin() : PolicyLoader.load(file);
    }
}
