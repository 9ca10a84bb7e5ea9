package io.skillbox.cli;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.trust.BundleHash;
import io.skillbox.core.trust.BundleSignature;
import io.skillbox.core.trust.RevocationFiles;
import io.skillbox.core.trust.SignatureCheck;
import io.skillbox.core.trust.SignatureFile;
import io.skillbox.core.trust.SignatureStatus;
import io.skillbox.core.trust.TrustEvaluator;
import io.skillbox.core.trust.TrustResult;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skillbox verify BUNDLE}: is the signature valid for the bundle as it is now, and what trust does it earn? */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a bundle's signature (BUNDLE/skillbox.sig) against its current content and print",
                "the content hash, the signing key, and, under the policy, the publisher and trust level it",
                "grants. Exits 3 when the bundle is unsigned, the signature is invalid, it is not by --key,",
                "or the policy (given with --policy or $SKILLBOX_POLICY) revokes or does not trust it."},
        footer = ExitCodes.HELP)
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The skill's directory (with skill.yaml).")
    Path bundle;

    @Option(names = "--key", paramLabel = "PUB",
            description = "Require the signature to be by this key: ed25519:<base64>, or a public key file (FILE.pub).")
    String key;

    @Mixin
    PolicyOption policy;

    @Override
    public Integer call() {
        Bundle b = BundleLoader.load(bundle);
        String hash = BundleHash.of(b);
        SignatureFile file = SignatureFile.read(b.root());
        SignatureCheck check = SignatureCheck.of(file, hash, b.manifest());
        System.out.println("bundle:    " + b.root() + " (" + b.manifest().name() + " " + b.manifest().version() + ")");
        System.out.println("hash:      " + hash);
        BundleSignature sig = signature(check, b);
        System.out.println("signature: valid (" + sig.format() + ", signed " + sig.signedAt() + ")");
        System.out.println("key:       " + sig.keyId() + " (" + sig.publicKey() + ")");
        if (key != null) {
            requireKey(KeyOptions.publicKey(key), sig);
        }
        Policy p = policy.load();
        TrustResult trust = TrustEvaluator.evaluate(hash, file, b.manifest(), p.trust(), RevocationFiles.read(p.trust().revocationFiles()));
        switch (trust) {
            case TrustResult.Trusted t -> {
                System.out.println("publisher: " + t.decision().publisher().orElse("(none)") + " (policy " + p.source() + ")");
                System.out.println("trust:     " + t.decision().level());
                t.decision().reasons().forEach(r -> System.out.println("  - " + r));
            }
            case TrustResult.Refused r -> {
                if (r.code() != ErrorCode.UNTRUSTED || policyGiven()) {
                    throw r.toException();
                }
                System.out.println("publisher: (the key is in no trust store; pass --policy with trust.publishers to see the "
                        + "level it grants)");
            }
        }
        return ExitCodes.OK;
    }

    /** The valid signature, or the refusal that says why there is none. */
    private static BundleSignature signature(SignatureCheck check, Bundle b) {
        String field = TrustEvaluator.SIGNATURE_FIELD;
        if (check.status() == SignatureStatus.UNSIGNED) {
            throw untrusted(b.manifest().name() + " is not signed", new Violation(field, "the bundle has no " + BundleHash.SIGNATURE_FILE,
                    "sign it with `skillbox sign " + b.root() + " --key KEY`"));
        }
        if (check.status() == SignatureStatus.INVALID) {
            String problem = check.problem().orElse("the signature is invalid");
            throw untrusted("the signature of " + b.manifest().name() + " is invalid: " + problem, new Violation(field, problem,
                    "restore the bundle to the content that was signed, or re-sign it with `skillbox sign BUNDLE --key KEY`"));
        }
        return check.signature().orElseThrow();
    }

    private static void requireKey(PublicKey expected, BundleSignature sig) {
        String want = Ed25519.toText(expected);
        if (!want.equals(Ed25519.toText(sig.key()))) {
            throw untrusted("the bundle is signed by key " + sig.keyId() + ", not by " + Ed25519.keyId(expected),
                    new Violation("--key", "the signature is by " + sig.keyId() + " (" + sig.publicKey() + "), not by the expected key "
                            + Ed25519.keyId(expected) + " (" + want + ")",
                            "verify with the signer's public key, or have the bundle signed with the key you expect"));
        }
    }

    private boolean policyGiven() {
        return policy.policy != null || System.getenv("SKILLBOX_POLICY") != null;
    }

    private static SkillboxException untrusted(String message, Violation v) {
        return new SkillboxException(ErrorCode.UNTRUSTED, message, List.of(v));
    }
}
