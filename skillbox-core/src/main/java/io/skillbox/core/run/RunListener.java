package io.skillbox.core.run;

import io.skillbox.core.error.SkillboxException;
import io.skillbox.spec.SandboxSpec;

/**
 * Hooks for each step of a run, e.g. for the audit log. Every method has a no-op default; a listener
 * must not throw (a throwing listener is reported as an internal error of the run).
 */
public interface RunListener {
    RunListener NONE = new RunListener() {};

    default void requested(String runId, RunRequest request) {}

    default void refused(String runId, SkillboxException reason) {}

    default void started(String runId, SandboxSpec spec, String backend) {}

    default void finished(RunResult result) {}
}
