package io.skillbox.cli;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.trust.BundleHash;
import io.skillbox.core.trust.BundleSignature;
import io.skillbox.core.trust.SignatureFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skillbox sign BUNDLE --key K}: write the bundle's detached signature, {@code BUNDLE/skillbox.sig}. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a skill bundle: compute its content hash and write BUNDLE/skillbox.sig, an Ed25519",
                "signature over it. Any later change to the bundle (a file's content, name or mode, a",
                "file added or removed, a link's target) invalidates the signature. Re-signing replaces it."},
        footer = ExitCodes.HELP)
final class SignCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The skill's directory (with skill.yaml).")
    Path bundle;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The private key (PEM), e.g. from `skillbox keygen --out FILE`.")
    Path key;

    @Override
    public Integer call() {
        var privateKey = KeyOptions.privateKey(key);
        Bundle b = BundleLoader.load(bundle);
        BundleSignature sig = BundleSignature.create(BundleHash.of(b), b.manifest(), privateKey, Instant.now());
        Path file = SignatureFile.write(b.root(), sig);
        System.out.println("signed " + sig.skill() + " " + sig.version());
        System.out.println("  hash: " + sig.bundleHash());
        System.out.println("  key:  " + sig.keyId() + " (" + Ed25519.toText(sig.key()) + ")");
        System.out.println("  wrote " + file);
        return ExitCodes.OK;
    }
}
