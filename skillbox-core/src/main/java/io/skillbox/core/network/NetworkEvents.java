package io.skillbox.core.network;

import java.util.Map;

/**
 * Where the gateway reports each allow and deny (egress connections, brokered calls, tokens minted);
 * oversight writes them to the audit log with the run id. Called from I/O threads: must be thread-safe
 * and must not block for long.
 */
@FunctionalInterface
public interface NetworkEvents {

    NetworkEvents NONE = (runId, event, details) -> {};

    /**
     * @param runId   the run the event belongs to, or empty for calls not made by a run (an agent minting a token)
     * @param event   e.g. {@code network.allowed}, {@code network.denied}, {@code credential.used}
     * @param details JSON-compatible values (strings, numbers, booleans, lists, maps); never a secret or a token
     */
    void record(String runId, String event, Map<String, Object> details);
}
