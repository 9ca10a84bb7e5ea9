package io.skillbox.cli;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.KeyFiles;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skillbox keygen --out FILE}: a new Ed25519 key pair for signing bundles. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create an Ed25519 key pair for signing bundles: FILE holds the private key (mode 0600,",
                "PEM, as openssl writes it) and FILE.pub the public key. Prints the public key as the",
                "policy's trust.publishers want it. Never overwrites an existing key."},
        footer = ExitCodes.HELP)
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the private key.")
    Path out;

    @Override
    public Integer call() {
        for (Path file : List.of(out, KeyFiles.publicFile(out))) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw refuse(file + " already exists", "choose another --out, or remove the old key if you really mean to replace it");
            }
        }
        KeyPair pair = Ed25519.generate();
        try {
            KeyFiles.writeNew(pair, out);
        } catch (UncheckedIOException e) {
            throw refuse("cannot write the key: " + e.getCause().getMessage(), "pass --out in a writable directory");
        }
        String key = Ed25519.toText(pair.getPublic());
        System.out.println("wrote " + out + " (private key: keep it secret) and " + KeyFiles.publicFile(out));
        System.out.println("key id:     " + Ed25519.keyId(pair.getPublic()));
        System.out.println("public key: " + key);
        System.out.println();
        System.out.println("Sign with `skillbox sign BUNDLE --key " + out + "`. To trust its signatures, add to the policy:");
        System.out.println("  trust:");
        System.out.println("    publishers:");
        System.out.println("      - { name: <publisher>, key: \"" + key + "\", level: reviewed }");
        return ExitCodes.OK;
    }

    private static SkillboxException refuse(String problem, String fix) {
        return new SkillboxException(ErrorCode.INVALID_REQUEST, "no key was written: " + problem,
                List.of(new Violation("--out", problem, fix)));
    }
}
