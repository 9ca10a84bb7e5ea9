package io.skillbox.core.forensics;

import java.util.List;

/**
 * What {@link ForensicsVerifier} found. {@code valid} is true exactly when {@code problems} is empty.
 * Without an expected key, a valid bundle is only intact and signed by {@code keyId}: whether that key
 * is one to trust is the caller's question.
 *
 * @param runId    the run id the manifest names, or null if it could not be read
 * @param keyId    the id of the public key the manifest names (computed from the key), or null
 * @param problems one sentence per problem, in the order found
 */
public record ForensicsReport(boolean valid, String runId, String keyId, List<String> problems) {
    public ForensicsReport {
        problems = List.copyOf(problems);
        if (valid != problems.isEmpty()) {
            throw new IllegalArgumentException("a report is valid exactly when it lists no problem");
        }
    }

    static ForensicsReport of(String runId, String keyId, List<String> problems) {
        return new ForensicsReport(problems.isEmpty(), runId, keyId, problems);
    }
}
