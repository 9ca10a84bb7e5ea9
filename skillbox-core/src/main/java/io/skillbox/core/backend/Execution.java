package io.skillbox.core.backend;

/** A started run. Its resources are released when {@link #await} returns, whatever the outcome. */
public interface Execution {

    /** Blocks until the run has ended and everything it created is gone. Idempotent. */
    ProcessOutcome await();

    /** Kills the whole run now; {@link #await} then reports {@link Termination.Cancelled}. */
    void cancel(String reason);
}
