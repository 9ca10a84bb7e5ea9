package io.skillbox.core.trust;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.manifest.Manifest;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a bundle's signature file is a valid signature of the bundle's current content. Pure: it is given
 * the hash and the manifest. Which publisher the key belongs to is the {@link TrustEvaluator}'s question,
 * so the status here is only {@code UNSIGNED}, {@code VALID} or {@code INVALID}.
 *
 * @param status    {@link SignatureStatus#UNSIGNED}, {@link SignatureStatus#VALID} or {@link SignatureStatus#INVALID}
 * @param signature the parsed signature, when the file could be parsed (even if it does not verify)
 * @param problem   for {@code INVALID}: what does not match, and what that means
 */
public record SignatureCheck(SignatureStatus status, Optional<BundleSignature> signature, Optional<String> problem) {
    public SignatureCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(problem, "problem");
    }

    public static SignatureCheck of(SignatureFile file, String bundleHash, Manifest manifest) {
        return switch (file) {
            case SignatureFile.Missing missing -> new SignatureCheck(SignatureStatus.UNSIGNED, Optional.empty(), Optional.empty());
            case SignatureFile.Malformed malformed -> invalid(Optional.empty(), malformed.problem());
            case SignatureFile.Present present -> check(present.signature(), bundleHash, manifest);
        };
    }

    /** Checks in the order that names the most specific cause: the key, the signature, the content, the name. */
    private static SignatureCheck check(BundleSignature sig, String bundleHash, Manifest manifest) {
        Optional<BundleSignature> parsed = Optional.of(sig);
        String keyId;
        try {
            keyId = Ed25519.keyId(sig.key());
        } catch (IllegalArgumentException e) {
            return invalid(parsed, "the publicKey in " + BundleHash.SIGNATURE_FILE + " is not usable: " + e.getMessage());
        }
        if (!keyId.equals(sig.keyId())) {
            return invalid(parsed, BundleHash.SIGNATURE_FILE + " gives keyId " + sig.keyId() + " but its publicKey has the id "
                    + keyId + ": the signature file was edited");
        }
        if (!sig.verifies()) {
            return invalid(parsed, "the signature in " + BundleHash.SIGNATURE_FILE + " does not verify with its publicKey (key "
                    + keyId + "): the signature file was edited or forged");
        }
        if (!sig.bundleHash().equals(bundleHash)) {
            return invalid(parsed, "the bundle's content hash " + bundleHash + " does not match the hash " + sig.bundleHash()
                    + " that " + BundleHash.SIGNATURE_FILE + " signs: a file was changed, added, removed, renamed or had "
                    + "its mode changed after signing");
        }
        if (!sig.skill().equals(manifest.name()) || !sig.version().equals(manifest.version())) {
            return invalid(parsed, BundleHash.SIGNATURE_FILE + " names " + sig.skill() + " " + sig.version()
                    + " but the manifest is " + manifest.name() + " " + manifest.version() + ": the signature file was edited");
        }
        return new SignatureCheck(SignatureStatus.VALID, parsed, Optional.empty());
    }

    private static SignatureCheck invalid(Optional<BundleSignature> sig, String problem) {
        return new SignatureCheck(SignatureStatus.INVALID, sig, Optional.of(problem));
    }
}
