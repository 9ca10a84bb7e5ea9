package io.skillbox.linux.host;

import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.json.Quantities;
import io.skillbox.linux.cgroup.RunCgroup;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SnapshotSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A started run of a Linux backend, from monitoring to teardown: what bwrap and the OCI runtimes share. The
 * backend's launcher spawns one child (bwrap, or the runtime) whose exit ends the run; this class drains its
 * output within the caps, enforces the timeout, waits for the child, and tears down in one order for every
 * backend: {@link #beforeTeardown}, kill what is left in the run's cgroup, drain the output, read the cgroup's
 * counters, the scratch space, artifacts, the termination, the snapshot; then the outcome is handed over, and the
 * run is released right after, on the waiter's thread: {@link #beforeRelease}, then every resource in reverse order
 * of creation (the slot last). Orphan reaping, runtime state, directories, unmounts and cgroup removals cost ~5 ms
 * per run on runc that the caller need not wait for; {@link LinuxHost#awaitReleased} and {@link LinuxHost#close}
 * wait for them.
 */
public abstract class HostRun implements Execution, LinuxHost.LiveRun {
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(5);
    private static final System.Logger LOG = System.getLogger(HostRun.class.getName());

    protected final SandboxSpec spec;
    protected final LinuxHost host;
    protected final RunCgroup cgroup;
    private final Resources resources;
    private final ScratchMount scratch;
    private final int childPid;
    /** Every pid seen in the run's cgroup just before it was killed: orphans among them are reaped at the end. */
    private final Set<Integer> members = ConcurrentHashMap.newKeySet();
    private final Instant startedAt;
    private final long startNanos;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final List<Future<?>> pumps = new ArrayList<>();
    private final AtomicReference<Termination> killedBecause = new AtomicReference<>();
    private final Object reapLock = new Object();
    private boolean reaped;
    private final CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private ScheduledFuture<?> watchdog;

    /**
     * @param childPid   the spawned child whose exit ends the run; reaped by this class
     * @param stdoutRead the read end of the child's stdout pipe, taken over (and closed) here
     * @param stderrRead the read end of the child's stderr pipe, taken over (and closed) here
     */
    protected HostRun(SandboxSpec spec, LinuxHost host, Resources resources, RunCgroup cgroup, ScratchMount scratch,
            int childPid, int stdoutRead, int stderrRead, Instant startedAt, long startNanos) {
        this.spec = spec;
        this.host = host;
        this.resources = resources;
        this.cgroup = cgroup;
        this.scratch = scratch;
        this.childPid = childPid;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.stdout = OutputPump.reading(stdoutRead, spec.limits().stdoutBytes(),
                () -> kill(new Termination.OutputExceeded("stdout")));
        this.stderr = OutputPump.reading(stderrRead, spec.limits().stderrBytes(),
                () -> kill(new Termination.OutputExceeded("stderr")));
    }

    /** Ends the run's processes; called once, by the first of timeout, output cap and cancel. */
    protected abstract void terminate();

    /** The termination of a child that exited with {@code code} (not killed by skillbox, no OOM, no signal). */
    protected abstract Termination byExitCode(int code, byte[] stderr);

    /** Teardown step before the cgroup is emptied. */
    protected void beforeTeardown() {}

    /**
     * First step of the release, after the outcome was handed over (so after the cgroup's counters were read):
     * what the child left outside the run's resources, such as a runtime's orphans and container state.
     */
    protected void beforeRelease() {}

    /** Registers the run with the host and starts the pumps, the watchdog and the waiter; the launch's last step. */
    protected final void monitor() {
        host.started(this);
        // The pipe reads and waitpid block in native code for the whole run, so they get platform threads
        // (see LinuxHost#blocking): on virtual threads they would hold carriers the gateway serving this
        // very run needs.
        pumps.add(host.blocking().submit(stdout));
        pumps.add(host.blocking().submit(stderr));
        watchdog = host.timer().schedule(() -> kill(new Termination.TimedOut()),
                spec.limits().timeout().toNanos(), TimeUnit.NANOSECONDS);
        host.blocking().execute(this::awaitExit);
    }

    /** The spawned child's pid, which leads the process group the spawner gave it. */
    protected final int childPid() {
        return childPid;
    }

    /** SIGKILLs the child unless it was reaped; safe from any thread. */
    protected final void killChild() {
        synchronized (reapLock) {
            if (!reaped) {
                // The child is our unreaped child, so its pid cannot have been reused.
                Libc.kill(childPid, Libc.SIGKILL);
            }
        }
    }

    private void awaitExit() {
        try {
            int status = Libc.waitpid(childPid);
            synchronized (reapLock) {
                reaped = true;
            }
            watchdog.cancel(false);
            outcome.complete(finish(status));
            release();
        } catch (RuntimeException | Error e) {
            outcome.completeExceptionally(e);
        } finally {
            released.complete(null);
            host.finished(this);
        }
    }

    /** Kills the run once; the first reason wins. Safe to call from any thread, any number of times. */
    private void kill(Termination reason) {
        // A run whose outcome is out is only releasing (a closing host cancels it too): nothing left to kill.
        if (!outcome.isDone() && killedBecause.compareAndSet(null, reason)) {
            members.addAll(cgroup.processes());
            terminate();
        }
    }

    /** Teardown: everything the run created is gone when this returns. */
    private ProcessOutcome finish(int waitStatus) {
        RuntimeException failure = null;
        ProcessOutcome.Usage usage = ProcessOutcome.Usage.NONE;
        List<Violation> violations = new ArrayList<>();
        ArtifactCollector.Collected artifacts = new ArtifactCollector.Collected(List.of(), List.of());
        WorkCapture work = WorkCapture.notCaptured("the spec asked for no snapshot");
        Termination termination = null;
        byte[] err = null;
        try {
            beforeTeardown();
            // An empty cgroup stays empty (no member is left to fork, and skillbox adds none): nothing to kill.
            List<Integer> left = cgroup.processes();
            if (!left.isEmpty()) {
                members.addAll(left);
                cgroup.killAll();
            }
            Orphans.reap(members);
            joinPumps();
            usage = cgroup.usage();
            boolean oom = cgroup.oomKilled();
            if (cgroup.pidsLimitHit()) {
                violations.add(new Violation("resources.pids", "the skill reached its limit of "
                        + spec.limits().pids() + " processes and threads; fork() failed inside the run",
                        "start fewer processes, or ask for more pids"));
            }
            if (scratchFull()) {
                violations.add(new Violation("resources.scratch", "the skill filled its scratch space of "
                        + Quantities.formatBytes(spec.limits().scratchBytes()),
                        "write less to /work, or ask for more scratch"));
            }
            artifacts = ArtifactCollector.collect(scratch.path(), spec.scratch().target(), spec.artifacts());
            violations.addAll(artifacts.dropped());
            err = stderr.bytes();
            termination = classify(waitStatus, oom, err);
            work = snapshot(termination, violations);
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            resources.closeAll(failure);
            throw failure;
        }
        return new ProcessOutcome(termination, stdout.bytes(), err, usage, artifacts.artifacts(),
                violations, startedAt, Duration.ofNanos(System.nanoTime() - startNanos), work);
    }

    /**
     * Releases what the run holds on the host, after its outcome was handed over: nothing of the run executes
     * any more, and nothing of what is left (directories, mounts, empty cgroups) is observable by the caller.
     * The slot is released last, so until then it stays held and its journal names whatever is left; a release
     * that fails leaves that to the journal's next reader (the slot's next taker or the next start's sweep).
     */
    private void release() {
        try {
            try {
                beforeRelease();
            } catch (RuntimeException e) {
                resources.closeAll(e);
                throw e;
            }
            resources.closeAll(null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "run " + spec.runId() + ": releasing its host resources failed;"
                    + " its slot's journal keeps what is left for the next skillbox to remove", e);
        }
    }

    private Termination classify(int waitStatus, boolean oom, byte[] err) {
        Termination killed = killedBecause.get();
        if (killed != null) {
            return killed;
        }
        if (oom) {
            return new Termination.MemoryExceeded();
        }
        int signal = Libc.termSignal(waitStatus);
        if (signal != 0) {
            return new Termination.Signaled(signal);
        }
        return byExitCode(Libc.exitCode(waitStatus), err);
    }

    /** Waits (boundedly) for the output pumps to reach EOF; a pump still blocked is cancelled. */
    private void joinPumps() {
        for (Future<?> pump : pumps) {
            try {
                pump.get(PUMP_DRAIN.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                pump.cancel(true);
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading the sandbox's output failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** No block or no inode left: either way the skill's writes failed with ENOSPC. */
    private boolean scratchFull() {
        Libc.FsSpace space = Libc.statvfs(scratch.path().toString());
        return space.blocksAvailable() == 0 || space.inodesAvailable() == 0;
    }

    /** Copies /work before its tmpfs goes, when the spec asks for it in this case. */
    private WorkCapture snapshot(Termination termination, List<Violation> violations) {
        SnapshotSpec s = spec.snapshot();
        boolean troubled = ProcessOutcome.troubled(termination, violations);
        if (s.when() == SnapshotSpec.When.NEVER || (s.when() == SnapshotSpec.When.ON_TROUBLE && !troubled)) {
            return WorkCapture.notCaptured(s.when() == SnapshotSpec.When.NEVER ? "the policy keeps no snapshots"
                    : "the run succeeded within its limits; /work was discarded");
        }
        return WorkSnapshot.capture(scratch.path(), s.maxFiles(), s.maxBytes());
    }

    @Override
    public ProcessOutcome await() {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(new Termination.Cancelled("the waiting thread was interrupted"));
            return outcome.join();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void awaitReleased(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            released.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        }
    }

    @Override
    public void cancel(String reason) {
        kill(new Termination.Cancelled(reason));
    }
}
