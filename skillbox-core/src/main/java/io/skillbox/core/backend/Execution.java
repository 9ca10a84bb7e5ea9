package io.skillbox.core.backend;

/**
 * A started run. When {@link #await} returns, nothing of the run executes any more; what it held on the host is
 * released then or right after ({@link Backend#awaitReleased}), whatever the outcome.
 */
public interface Execution {

    /**
     * Blocks until the run has ended: its processes are gone, and its output, usage and artifacts are taken.
     * Idempotent.
     */
    ProcessOutcome await();

    /** Kills the whole run now; {@link #await} then reports {@link Termination.Cancelled}. */
    void cancel(String reason);
}
