package io.skillbox.core.trust;

import io.skillbox.core.manifest.Bundle;
import java.util.List;

/**
 * The trust check before a run, with its reads: hash the bundle, read its signature file and the policy's
 * revocation files, and let the {@link TrustEvaluator} decide.
 */
public final class TrustGate {
    private TrustGate() {}

    /**
     * @return the decision, when the bundle may run
     * @throws io.skillbox.core.error.SkillboxException {@code REVOKED} or {@code UNTRUSTED} (or
     *         {@code POLICY_VIOLATION} for an unknown declared level) when it may not; {@code INVALID_POLICY}
     *         when a revocation file cannot be read; {@code UNSAFE_BUNDLE} when the bundle cannot be hashed
     */
    public static TrustDecision check(Bundle bundle, TrustPolicy policy) {
        return switch (evaluate(bundle, policy)) {
            case TrustResult.Trusted t -> t.decision();
            case TrustResult.Refused r -> throw r.toException();
        };
    }

    /** As {@link #check}, but returns a refusal instead of throwing it (for {@code skillbox verify}). */
    public static TrustResult evaluate(Bundle bundle, TrustPolicy policy) {
        String hash = BundleHash.of(bundle);
        SignatureFile signature = SignatureFile.read(bundle.root());
        List<Revocations.Listed> fileRevocations = RevocationFiles.read(policy.revocationFiles());
        return TrustEvaluator.evaluate(hash, signature, bundle.manifest(), policy, fileRevocations);
    }
}
