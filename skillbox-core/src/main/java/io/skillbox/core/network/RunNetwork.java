package io.skillbox.core.network;

import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The host side of one run's network: the egress proxy or the credential broker serving that run only.
 * Opened before the sandbox starts, closed after it has ended; from then on its token is refused.
 */
public interface RunNetwork extends AutoCloseable {

    /** For mode {@code none}: nothing served, nothing added. */
    RunNetwork NONE = new RunNetwork() {
        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public void serve(Listeners listeners) {}

        @Override
        public List<Violation> violations() {
            return List.of();
        }

        @Override
        public void close() {}
    };

    /**
     * Variables the sandbox gets at start beyond the spec's, e.g. the run's scoped token. They exist only
     * once the run does, so they are not part of the spec and are never written to the audit log.
     */
    Map<String, String> environment();

    /** Starts serving on listeners inside the run's namespace; the backend calls it before the skill starts. */
    void serve(Listeners listeners) throws IOException;

    /**
     * What the sandbox tried that its manifest does not allow (hosts not on its allowlist, capabilities it
     * was not granted), each naming the manifest field; complete once {@link #close} has returned.
     */
    List<Violation> violations();

    /** Stops serving and drops open connections; the run's token is dead from now on. Idempotent. */
    @Override
    void close();
}
