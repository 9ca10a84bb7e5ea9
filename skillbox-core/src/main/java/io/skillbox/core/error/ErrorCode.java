package io.skillbox.core.error;

/**
 * Stable error codes. The CLI exit code, the HTTP problem type and the audit entry all derive from
 * the code, so a code is never renamed or reused.
 */
public enum ErrorCode {
    /** The bundle's manifest is missing, unparsable or breaks the manifest schema. */
    INVALID_MANIFEST(Kind.REFUSED),
    /** The bundle itself is unsafe: escaping symlinks, path traversal, oversized files. */
    UNSAFE_BUNDLE(Kind.REFUSED),
    /** The operator's policy file is unparsable or breaks the policy schema. */
    INVALID_POLICY(Kind.REFUSED),
    /** The params document does not match the manifest's params schema. */
    INVALID_PARAMS(Kind.REFUSED),
    /** The manifest asks for more than the policy allows. */
    POLICY_VIOLATION(Kind.REFUSED),
    /** No available backend can enforce everything the spec asks for. */
    BACKEND_UNAVAILABLE(Kind.REFUSED),
    /** The request itself is malformed (e.g. conflicting options). */
    INVALID_REQUEST(Kind.REFUSED),
    /** The bundle, its publisher's key or its skill version is on a revocation list of the policy. */
    REVOKED(Kind.REFUSED),
    /** The bundle's signature is missing, invalid or by an unknown key, and the policy refuses such bundles. */
    UNTRUSTED(Kind.REFUSED),
    /** skillbox or the host failed; not the skill's or the caller's fault. */
    INTERNAL(Kind.INTERNAL);

    /** Whether the caller's input was refused or skillbox itself failed. */
    public enum Kind {
        REFUSED, INTERNAL
    }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The code as it appears in JSON, e.g. {@code invalid_manifest}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
