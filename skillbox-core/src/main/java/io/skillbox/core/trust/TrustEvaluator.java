package io.skillbox.core.trust;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the trust level of a bundle. Pure: the caller hashes the bundle and reads its signature file and
 * the revocation files. In order: a revoked bundle is refused; the signature decides the level (a
 * publisher's level, or the policy's {@code unsigned} or {@code tampered} treatment); the manifest's own
 * {@code trust:} declaration may then lower it, never raise it.
 */
public final class TrustEvaluator {
    /** The field that signature refusals name. */
    public static final String SIGNATURE_FIELD = "(bundle)/" + BundleHash.SIGNATURE_FILE;

    private TrustEvaluator() {}

    /**
     * @param bundleHash      the bundle's {@link BundleHash}
     * @param signature       its {@code skillbox.sig} as read
     * @param manifest        its manifest
     * @param policy          the policy's trust section
     * @param fileRevocations the entries of {@link TrustPolicy#revocationFiles()}, read for this run
     */
    public static TrustResult evaluate(String bundleHash, SignatureFile signature, Manifest manifest, TrustPolicy policy,
            List<Revocations.Listed> fileRevocations) {
        SignatureCheck check = SignatureCheck.of(signature, bundleHash, manifest);
        Optional<TrustResult.Refused> revoked = revoked(bundleHash, check, manifest, policy, fileRevocations);
        if (revoked.isPresent()) {
            return revoked.get();
        }
        Bundle b = new Bundle(bundleHash, manifest, check);
        TrustResult signed = switch (check.status()) {
            case UNSIGNED -> b.treated(policy.unsigned(), SignatureStatus.UNSIGNED, "unsigned", "trust.unsigned",
                    "the bundle has no " + BundleHash.SIGNATURE_FILE + ", and the policy refuses unsigned bundles",
                    "sign it with `skillbox sign BUNDLE --key KEY` using a key in the policy's trust.publishers, "
                            + "or have the operator set trust.unsigned to a level");
            case VALID -> b.signed(policy);
            case INVALID, UNKNOWN_KEY -> b.treated(policy.tampered(), SignatureStatus.INVALID,
                    check.problem().orElse("the signature is invalid"), "trust.tampered",
                    check.problem().orElse("the signature is invalid"),
                    "restore the bundle to the content that was signed, or re-sign it with `skillbox sign BUNDLE --key KEY`");
        };
        return switch (signed) {
            case TrustResult.Refused r -> r;
            case TrustResult.Trusted t -> declared(manifest, policy, t.decision());
        };
    }

    private static Optional<TrustResult.Refused> revoked(String bundleHash, SignatureCheck check, Manifest manifest,
            TrustPolicy policy, List<Revocations.Listed> fileRevocations) {
        List<Revocations.Listed> all = new ArrayList<>(policy.revocations());
        all.addAll(fileRevocations);
        return Revocations.find(all, bundleHash, check.signature().map(BundleSignature::publicKey), manifest).map(r ->
                new TrustResult.Refused(ErrorCode.REVOKED, "bundle " + manifest.name() + " " + manifest.version() + " ("
                        + bundleHash + ") is revoked by " + r.origin() + ": " + r.revocation().reason(),
                        List.of(new Violation(r.origin(), "revokes " + r.revocation().describe() + ": " + r.revocation().reason(),
                                "do not run this bundle; if the revocation is wrong, the operator removes " + r.origin()))));
    }

    /** The bundle under evaluation, and the level its signature alone earns. */
    private record Bundle(String hash, Manifest manifest, SignatureCheck check) {
        Optional<String> keyId() {
            return check.signature().map(BundleSignature::keyId);
        }

        TrustResult signed(TrustPolicy policy) {
            BundleSignature sig = check.signature().orElseThrow();
            Optional<TrustPolicy.Publisher> known = policy.publisher(sig.publicKey());
            if (known.isEmpty()) {
                String problem = "signed by key " + sig.keyId() + " (" + sig.publicKey() + "), which is not in the policy's "
                        + "trust.publishers; a signature by an unknown key counts as tampered";
                return treated(policy.tampered(), SignatureStatus.UNKNOWN_KEY, problem, "trust.tampered", problem,
                        "have the operator add {name, key: " + sig.publicKey() + ", level} to trust.publishers, "
                                + "or sign the bundle with a listed publisher's key");
            }
            TrustPolicy.Publisher p = known.get();
            return new TrustResult.Trusted(new TrustDecision(p.level(), hash, Optional.of(p.name()), SignatureStatus.VALID,
                    keyId(), List.of("signed by publisher " + p.name() + " (key " + sig.keyId() + "): trust.publishers grants " + p.level())));
        }

        /** An unsigned or tampered bundle: the policy's treatment, a level or a refusal naming {@code rule}. */
        TrustResult treated(TrustPolicy.Treatment treatment, SignatureStatus status, String why, String rule,
                String problem, String fix) {
            return switch (treatment) {
                case TrustPolicy.Treatment.Refuse r -> new TrustResult.Refused(ErrorCode.UNTRUSTED,
                        manifest.name() + " " + manifest.version() + " is not trusted: " + problem,
                        List.of(new Violation(SIGNATURE_FIELD, problem + " (" + rule + ": refuse)", fix)));
                case TrustPolicy.Treatment.Grant g -> new TrustResult.Trusted(new TrustDecision(g.level(), hash,
                        Optional.empty(), status, keyId(), List.of(why + ": " + rule + " grants " + g.level())));
            };
        }
    }

    /**
     * The manifest's {@code trust:} can only lower the level: a bundle's author (or whoever changed an
     * unsigned bundle) must never talk it up. {@code requires_review: true} without {@code approved_by}
     * says the author wants a review that has not happened, so the bundle gets the lowest level.
     */
    private static TrustResult declared(Manifest manifest, TrustPolicy policy, TrustDecision granted) {
        if (manifest.trust().isEmpty()) {
            return new TrustResult.Trusted(granted);
        }
        Manifest.Trust t = manifest.trust().get();
        if (!policy.hasLevel(t.level())) {
            return new TrustResult.Refused(ErrorCode.POLICY_VIOLATION,
                    manifest.name() + " declares trust level '" + t.level() + "', which the policy does not have",
                    List.of(new Violation("trust.level", "'" + t.level() + "' is not a trust level of the policy (trust.levels: "
                            + policy.levels() + ")",
                            "declare one of " + String.join(", ", policy.levels()) + ", or remove trust.level")));
        }
        List<String> reasons = new ArrayList<>(granted.reasons());
        String level = granted.level();
        if (policy.rank(t.level()) > policy.rank(level)) {
            reasons.add("the manifest declares trust.level " + t.level() + ", lowering " + level + " to " + t.level());
            level = t.level();
        } else if (policy.rank(t.level()) < policy.rank(level)) {
            reasons.add("the manifest declares trust.level " + t.level() + ", which cannot raise " + level);
        }
        boolean unreviewed = t.requiresReview().orElse(false) && t.approvedBy().filter(a -> !a.isBlank()).isEmpty();
        if (unreviewed && !level.equals(policy.lowest())) {
            reasons.add("the manifest says requires_review: true with no approved_by: lowered to " + policy.lowest());
            level = policy.lowest();
        }
        return new TrustResult.Trusted(new TrustDecision(level, granted.bundleHash(), granted.publisher(), granted.status(),
                granted.keyId(), reasons));
    }
}
