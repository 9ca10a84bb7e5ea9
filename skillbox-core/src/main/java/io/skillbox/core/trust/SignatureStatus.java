package io.skillbox.core.trust;

import java.util.Locale;

/** What a bundle's {@code skillbox.sig} says about it. */
public enum SignatureStatus {
    /** There is no {@code skillbox.sig}. */
    UNSIGNED,
    /** A valid signature over the bundle's current content, by a key of the policy's {@code trust.publishers}. */
    VALID,
    /**
     * A valid signature by a key that is not among the publishers. Treated as tampered: anyone who changes
     * a bundle can re-sign it with a key of their own.
     */
    UNKNOWN_KEY,
    /** {@code skillbox.sig} is malformed or does not match the content: the bundle or the signature was changed. */
    INVALID;

    /** Whether the policy's {@code trust.tampered} treatment applies. */
    public boolean tampered() {
        return this == UNKNOWN_KEY || this == INVALID;
    }

    /** The name used in output and audit entries, e.g. {@code unknown_key}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
