package io.skillbox.cli;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.KeyFiles;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/** Reading the keys that {@code sign} and {@code verify} are given, with errors that name {@code --key}. */
final class KeyOptions {
    private KeyOptions() {}

    static PrivateKey privateKey(Path file) {
        try {
            return KeyFiles.readPrivate(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw refuse("cannot use " + file + " as a signing key: " + message(e),
                    "pass the private key file that `skillbox keygen --out FILE` wrote (not FILE.pub)");
        }
    }

    /** An {@code ed25519:<base64>} text, or a file holding a PEM public key or that text. */
    static PublicKey publicKey(String text) {
        try {
            return text.startsWith(Ed25519.TEXT_PREFIX) ? Ed25519.fromText(text) : KeyFiles.readPublic(Path.of(text));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw refuse("cannot use " + text + " as a public key: " + message(e),
                    "pass ed25519:<base64> as printed by `skillbox keygen`, or the FILE.pub it wrote");
        }
    }

    private static String message(RuntimeException e) {
        return e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
    }

    private static SkillboxException refuse(String problem, String fix) {
        return new SkillboxException(ErrorCode.INVALID_REQUEST, problem, List.of(new Violation("--key", problem, fix)));
    }
}
