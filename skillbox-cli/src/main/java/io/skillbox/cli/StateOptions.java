package io.skillbox.cli;

import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.crypto.KeyFiles;
import io.skillbox.core.oversight.StateLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the state directory is (from the policy) and which public key vouches for what it holds. */
final class StateOptions {
    @Mixin
    PolicyOption policy;

    @Option(names = "--key", paramLabel = "PUB", description = "The public key that must have signed it: "
            + "ed25519:<base64> or a public key file. Default: this host's key (STATE/keys/host.key.pub).")
    String key;

    StateLayout layout() {
        return layout(policy);
    }

    static StateLayout layout(PolicyOption policy) {
        return new StateLayout(policy.load().oversight().stateDir());
    }

    /** --key, else the host's public key if this host (laid out as {@code layout}) has one. */
    Optional<PublicKey> publicKey(StateLayout layout) {
        if (key != null) {
            return Optional.of(KeyOptions.publicKey(key));
        }
        Path pub = KeyFiles.publicFile(layout.keys().resolve(HostKey.FILE_NAME));
        return Files.exists(pub) ? Optional.of(KeyOptions.publicKey(pub.toString())) : Optional.empty();
    }
}
