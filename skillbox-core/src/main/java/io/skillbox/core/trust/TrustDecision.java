package io.skillbox.core.trust;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The trust level a bundle runs at, and why. Made before every run (and by {@code skillbox check}); the
 * policy compiler then holds the run to the tiers and network modes the level allows.
 *
 * @param level      the granted level, one of the policy's {@code trust.levels}
 * @param bundleHash the bundle's content hash ({@link BundleHash})
 * @param publisher  the trust-store publisher whose valid signature the bundle carries, if any
 * @param status     what the signature file said
 * @param keyId      the id of the key named by the signature file, if it could be read
 * @param reasons    how the level came about, one step per line (signature, then the manifest's declaration)
 */
public record TrustDecision(String level, String bundleHash, Optional<String> publisher, SignatureStatus status,
        Optional<String> keyId, List<String> reasons) {
    public TrustDecision {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(bundleHash, "bundleHash");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(keyId, "keyId");
        reasons = List.copyOf(reasons);
    }
}
