package io.skillbox.core.run;

import io.skillbox.core.backend.Backend;
import io.skillbox.core.backend.BackendRegistry;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.network.NetworkGateway;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.core.oversight.Oversight;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    private final Optional<Oversight> oversight;
    private final Optional<NetworkGateway> network;

    private Skillbox(Builder b) {
        this.network = Optional.ofNullable(b.network);
        this.backends = new BackendRegistry(b.backends);
        this.oversight = Optional.ofNullable(b.oversight);
        this.preparer = new RunPreparer(Oversight.governing(b.policy), backends);
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

    /**
     * Runs the skill to the end and returns its result. With oversight, every step is audited first: a
     * run whose request or start cannot be recorded does not start.
     */
    public RunResult run(RunRequest request) {
        String runId = RunIds.next();
        listener.requested(runId, request);
        RunPreparer.Prepared prepared;
        try {
            oversight.ifPresent(o -> o.requested(runId, request));
        } catch (RuntimeException e) {
            return finished(ResultAssembler.refused(runId, RunPreparer.skillNameOrEmpty(request), unaudited(e)));
        }
        try {
            prepared = preparer.prepare(runId, request, true);
        } catch (RuntimeException e) {
            return refuse(runId, RunPreparer.skillNameOrEmpty(request), internal(e));
        }
        RunNetwork net;
        try {
            net = openNetwork(prepared.spec());
        } catch (RuntimeException e) {
            return refuse(runId, prepared.bundle().manifest().name(), internal(e));
        }
        try (RunNetwork runNetwork = net) {
            return started(runId, request, prepared, runNetwork);
        }
    }

    private RunResult started(String runId, RunRequest request, RunPreparer.Prepared prepared, RunNetwork net) {
        String skill = prepared.bundle().manifest().name();
        Backend backend = prepared.backend();
        try {
            oversight.ifPresent(o -> o.started(runId, prepared));
        } catch (RuntimeException e) {
            return finished(ResultAssembler.refused(runId, skill, unaudited(e)));
        }
        listener.started(runId, prepared.spec(), backend.name());
        RunResult result;
        WorkCapture work = WorkCapture.notCaptured("the sandbox did not run to the end");
        try {
            ProcessOutcome outcome = backend.start(prepared.spec(), prepared.stdin(), net).await();
            // The gateway's tally is complete once it has stopped serving: close before reading it.
            net.close();
            outcome = outcome.withViolations(net.violations());
            work = outcome.work();
            result = ResultAssembler.assemble(runId, prepared.bundle().manifest(), prepared.spec(), backend.name(),
                    outcome, request);
        } catch (RuntimeException e) {
            result = ResultAssembler.refused(runId, skill, internal(e));
        }
        if (oversight.isPresent()) {
            try {
                result = oversight.get().finished(result, request, prepared, work);
            } catch (RuntimeException e) {
                // The skill ran, but what it did could not be recorded: skillbox's failure, said plainly.
                result = ResultAssembler.refused(runId, skill, new SkillboxException(ErrorCode.INTERNAL,
                        "the run ended (" + result.status().wireName() + ") but could not be recorded: " + describe(e), e));
            }
        }
        return finished(result);
    }

    /** The host side of the run's network; nothing for mode none. */
    private RunNetwork openNetwork(SandboxSpec spec) {
        if (spec.network() instanceof NetworkSpec.None) {
            return RunNetwork.NONE;
        }
        return network.orElseThrow(() -> new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE,
                "network mode " + spec.network().mode() + " needs the egress proxy and credential broker, and this "
                        + "Skillbox has none", List.of(new Violation("network.mode", "no network gateway is configured",
                        "build the Skillbox with .network(Gateway...) (the CLI always does), or use network.mode: none"))))
                .open(spec);
    }

    private RunResult refuse(String runId, String skill, SkillboxException reason) {
        try {
            if (oversight.isPresent()) {
                oversight.get().refused(runId, reason);
            }
        } catch (RuntimeException auditFailure) {
            reason = unaudited(auditFailure);
        }
        listener.refused(runId, reason);
        return finished(ResultAssembler.refused(runId, skill, reason));
    }

    private RunResult finished(RunResult result) {
        listener.finished(result);
        return result;
    }

    private static SkillboxException unaudited(RuntimeException e) {
        return new SkillboxException(ErrorCode.INTERNAL, "the audit log cannot be written, so nothing runs: "
                + describe(e), e);
    }

    private static SkillboxException internal(RuntimeException e) {
        return e instanceof SkillboxException s ? s : new SkillboxException(ErrorCode.INTERNAL, describe(e), e);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Blocks (at most {@code timeout}) until the runs that have returned, and those in flight, have released what
     * they held on the host: a run returns its result first and removes its directories, mounts and cgroups right
     * after. Returns false if some had not at the deadline. {@link #close} waits for this too.
     */
    public boolean awaitReleased(Duration timeout) {
        return backends.awaitReleased(timeout);
    }

    @Override
    public void close() {
        try {
            network.ifPresent(NetworkGateway::close);
            backends.close();
        } finally {
            oversight.ifPresent(Oversight::close);
        }
    }

    /** Builds a {@link Skillbox}; the built-in default policy applies unless another is given. */
    public static final class Builder {
        private Policy policy;
        private final java.util.ArrayList<Backend> backends = new java.util.ArrayList<>();
        private RunListener listener = RunListener.NONE;
        private Oversight oversight;
        private NetworkGateway network;

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

        /** Audits every run, keeps run records and forensics, enforces the behaviour contract; closed with the Skillbox. */
        public Builder oversight(Oversight oversight) {
            this.oversight = Objects.requireNonNull(oversight, "oversight");
            return this;
        }

        /** Serves the {@code broker} and {@code allowlist} network modes; closed with the Skillbox. */
        public Builder network(NetworkGateway gateway) {
            this.network = Objects.requireNonNull(gateway, "gateway");
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
