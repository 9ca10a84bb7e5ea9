package io.skillbox.core.oversight;

import java.nio.file.Path;

/**
 * Where skillbox keeps what outlives a run, under one directory ({@code state.dir} in the policy,
 * {@code /var/lib/skillbox} by default; the policy's blocked paths keep it out of every sandbox).
 *
 * <pre>
 * audit/audit.jsonl        the hash-chained audit log (+ audit.jsonl.head)
 * keys/host.key            the host's Ed25519 key (0600) and host.key.pub
 * runs/RUN-ID.json         the last runs' records, for `skillbox forensics RUN`
 * forensics/RUN-ID.zip     signed forensics bundles
 * contract/violations.json behaviour-contract violations per bundle hash
 * revocations.json         revocations skillbox made itself (automatic revocation)
 * </pre>
 */
public record StateLayout(Path root) {
    public Path auditLog() {
        return root.resolve("audit").resolve("audit.jsonl");
    }

    public Path keys() {
        return root.resolve("keys");
    }

    public Path runs() {
        return root.resolve("runs");
    }

    public Path forensics() {
        return root.resolve("forensics");
    }

    public Path violationLedger() {
        return root.resolve("contract").resolve("violations.json");
    }

    public Path autoRevocations() {
        return root.resolve("revocations.json");
    }
}
