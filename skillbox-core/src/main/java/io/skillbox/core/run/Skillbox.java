package io.skillbox.core.run;

import io.skillbox.core.backend.Backend;
import io.skillbox.core.backend.BackendRegistry;
import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import java.util.Objects;

/**
 * The Java API: runs skills under one policy with one set of backends.
 *
 * <pre>{@code
 * try (Skillbox box = Skillbox.builder().backend(new BwrapBackend()).build()) {
 *     RunResult r = box.run(RunRequest.of(Path.of("examples/skills/word-count"), "{\"text\": \"a b\"}"));
 * }
 * }</pre>
 *
 * {@link #run} never throws for the skill's or the caller's mistakes: refusals come back as a result
 * with status {@code denied} and every violation, skillbox's own failures as status {@code error}.
 * Thread-safe: runs may execute concurrently.
 */
public final class Skillbox implements AutoCloseable {
    private final RunPreparer preparer;
    private final BackendRegistry backends;
    private final RunListener listener;

    private Skillbox(Builder b) {
        this.backends = new BackendRegistry(b.backends);
        this.preparer = new RunPreparer(b.policy, backends);
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Policy policy() {
        return preparer.policy();
    }

    public BackendRegistry backends() {
        return backends;
    }

    /** Loads, checks and compiles without running; throws {@link SkillboxException} when refused. */
    public RunPreparer.Prepared check(RunRequest request) {
        return preparer.prepare(RunIds.next(), request, false);
    }

    /** Runs the skill to the end and returns its result. */
    public RunResult run(RunRequest request) {
        String runId = RunIds.next();
        listener.requested(runId, request);
        RunPreparer.Prepared prepared;
        try {
            prepared = preparer.prepare(runId, request, true);
        } catch (SkillboxException e) {
            listener.refused(runId, e);
            return finished(ResultAssembler.refused(runId, RunPreparer.skillNameOrEmpty(request), e));
        }
        Backend backend = prepared.backend();
        listener.started(runId, prepared.spec(), backend.name());
        try {
            Execution execution = backend.start(prepared.spec(), prepared.stdin());
            ProcessOutcome outcome = execution.await();
            return finished(ResultAssembler.assemble(runId, prepared.bundle().manifest(), prepared.spec(),
                    backend.name(), outcome, request));
        } catch (SkillboxException e) {
            return finished(ResultAssembler.refused(runId, prepared.bundle().manifest().name(), e));
        } catch (RuntimeException e) {
            return finished(ResultAssembler.refused(runId, prepared.bundle().manifest().name(),
                    new SkillboxException(ErrorCode.INTERNAL, describe(e), e)));
        }
    }

    private RunResult finished(RunResult result) {
        listener.finished(result);
        return result;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        backends.close();
    }

    /** Builds a {@link Skillbox}; the built-in default policy applies unless another is given. */
    public static final class Builder {
        private Policy policy;
        private final java.util.ArrayList<Backend> backends = new java.util.ArrayList<>();
        private RunListener listener = RunListener.NONE;

        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Adds a backend; earlier ones are preferred when several can run a spec. */
        public Builder backend(Backend backend) {
            backends.add(Objects.requireNonNull(backend, "backend"));
            return this;
        }

        public Builder listener(RunListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Skillbox build() {
            if (policy == null) {
                policy = PolicyLoader.builtin();
            }
            return new Skillbox(this);
        }
    }
}
