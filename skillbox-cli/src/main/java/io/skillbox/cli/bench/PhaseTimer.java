package io.skillbox.cli.bench;

import io.skillbox.core.run.RunListener;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.spec.SandboxSpec;

/**
 * Splits a Java API run where {@link RunListener} lets us look: from the request to the moment the
 * backend is about to start (load, validate, compile, choose a backend) and from there to the result
 * (launch, the skill's life, cleanup, result assembly). One run at a time.
 */
public final class PhaseTimer implements RunListener {
    private long requestedAt;
    private long startedAt;
    private long finishedAt;

    @Override
    public void requested(String runId, RunRequest request) {
        requestedAt = System.nanoTime();
    }

    @Override
    public void started(String runId, SandboxSpec spec, String backend) {
        startedAt = System.nanoTime();
    }

    @Override
    public void finished(RunResult result) {
        finishedAt = System.nanoTime();
    }

    /** Nanoseconds of the last run's preparation. */
    public long prepareNanos() {
        return startedAt - requestedAt;
    }

    /** Nanoseconds of the last run from the backend's start to the result. */
    public long sandboxNanos() {
        return finishedAt - startedAt;
    }
}
