package io.skillbox.linux.bwrap;

import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.cgroup.RunCgroup;
import io.skillbox.linux.host.ArtifactCollector;
import io.skillbox.linux.host.BundleMount;
import io.skillbox.linux.host.HostSlots;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.linux.host.OutputPump;
import io.skillbox.linux.host.Resources;
import io.skillbox.linux.host.RunEnd;
import io.skillbox.linux.host.ScratchMount;
import io.skillbox.linux.net.NetNamespace;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bwrap run from start to cleanup. {@link #start} reads as the launch sequence; {@link #finish} as
 * the teardown. Every resource is released in reverse order of creation whatever happens.
 */
final class BwrapExecution implements Execution, LinuxHost.LiveRun {

    private final SandboxSpec spec;
    private final LinuxHost host;
    private final Resources resources;
    private final RunCgroup cgroup;
    private final ScratchMount scratch;
    private final int bwrapPid;
    private final Instant startedAt;
    private final long startNanos;
    private final OutputPump stdout;
    private final OutputPump stderr;
    private final List<Future<?>> pumps = new ArrayList<>();
    private final AtomicReference<Termination> killedBecause = new AtomicReference<>();
    private final Object reapLock = new Object();
    private boolean reaped;
    private int sandboxPidfd = -1;
    private final CompletableFuture<ProcessOutcome> outcome = new CompletableFuture<>();
    private ScheduledFuture<?> watchdog;

    private BwrapExecution(SandboxSpec spec, LinuxHost host, Resources resources, RunCgroup cgroup,
            ScratchMount scratch, int bwrapPid, ChildFds fds, Instant startedAt, long startNanos) {
        this.spec = spec;
        this.host = host;
        this.resources = resources;
        this.cgroup = cgroup;
        this.scratch = scratch;
        this.bwrapPid = bwrapPid;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.stdout = new OutputPump(reopen(fds.takeStdoutRead()), spec.limits().stdoutBytes(),
                () -> kill(new Termination.OutputExceeded("stdout")));
        this.stderr = new OutputPump(reopen(fds.takeStderrRead()), spec.limits().stderrBytes(),
                () -> kill(new Termination.OutputExceeded("stderr")));
    }

    /**
     * The launch sequence. On any failure everything created so far is released before rethrowing.
     *
     * @param network serves the run's network when the spec's mode is not {@code none}; closed by the caller
     */
    static BwrapExecution start(SandboxSpec spec, byte[] stdin, RunNetwork network, LinuxHost host, Path bwrap) {
        Resources resources = new Resources();
        try {
            HostSlots.Slot slot = resources.add(host.slots().acquire());
            ScratchMount scratch = resources.add(
                    ScratchMount.mount(slot.work(), spec.limits().scratchBytes(), slot.uid(), slot.uid()));
            BundleMount bundle = resources.add(BundleMount.mount(spec.skill().bundle(), slot.skill()));
            OptionalInt netns = serveNetwork(spec, network, host, resources);
            BwrapCommand command = BwrapLowering.lower(spec.withAddedEnvironment(network.environment()),
                    new BwrapLowering.HostMounts(scratch.path(), bundle.path()));
            byte[] bpf = host.seccomp().compile(spec.privileges().seccomp());

            ChildFds fds = resources.add(ChildFds.create(command, stdin, bpf));
            Instant startedAt = Instant.now();
            long startNanos = System.nanoTime();
            int pid = host.spawner().spawn(bwrap.toString(),
                    command.argv("bwrap", BwrapLowering.ARGS_FD), List.of(), fds.mappings(),
                    Optional.of(new Spawner.Credentials(slot.uid(), slot.uid())), netns);
            fds.closeChildSide();
            try {
                // bwrap now spends milliseconds building namespaces and mounts, and waits on the block pipe
                // before exec'ing the skill; the cgroup is created meanwhile, on the other core.
                RunCgroup cgroup = resources.add(host.cgroups().create(spec.runId(),
                        spec.limits().memoryBytes(), spec.limits().cpuMillis(), spec.limits().pids()));
                BwrapExecution run = new BwrapExecution(spec, host, resources, cgroup, scratch, pid, fds,
                        startedAt, startNanos);
                run.releaseIntoCgroup(fds);
                host.started(run);
                run.monitor();
                return run;
            } catch (RuntimeException e) {
                Libc.kill(pid, Libc.SIGKILL);
                Libc.waitpid(pid);
                throw e;
            }
        } catch (RuntimeException e) {
            resources.closeAll(e);
            throw e;
        }
    }

    /**
     * For {@code none}, bwrap makes the run's namespace itself ({@code --unshare-net}) and nothing is
     * served. Otherwise the run gets a fresh namespace of skillbox's, the gateway listens inside it before
     * the sandbox exists, and bwrap is started in it; the namespace is closed with the run's other
     * resources, after the sandbox is gone.
     */
    private static OptionalInt serveNetwork(SandboxSpec spec, RunNetwork network, LinuxHost host, Resources resources) {
        return switch (spec.network()) {
            case NetworkSpec.None none -> OptionalInt.empty();
            case NetworkSpec.Broker broker -> serveIn(resources.add(host.namespaces().take()), network);
            case NetworkSpec.Allowlist allowlist -> serveIn(resources.add(host.namespaces().take()), network);
        };
    }

    private static OptionalInt serveIn(NetNamespace netns, RunNetwork network) {
        try {
            network.serve(netns);
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INTERNAL,
                    "the run's network could not be served: " + e.getMessage(), e);
        }
        return OptionalInt.of(netns.fd());
    }

    /**
     * bwrap reports the sandbox's pid on the info pipe and then waits on the block pipe before exec'ing
     * the skill; the sandbox joins the run's cgroup in between, so every limit holds from the skill's
     * first instruction.
     */
    private void releaseIntoCgroup(ChildFds fds) {
        int sandboxPid = fds.readSandboxPid();
        if (sandboxPid < 0) {
            // bwrap exited before creating the sandbox; its reason is on stderr, collected by finish().
            Libc.close(fds.blockWrite);
            fds.blockWrite = -1;
            return;
        }
        // Opened while the sandbox is blocked, so the pidfd names this process even after pid reuse.
        int pidfd = Libc.pidfdOpen(sandboxPid);
        sandboxPidfd = pidfd;
        resources.add(() -> Libc.close(pidfd));
        cgroup.addProcess(sandboxPid);
        Libc.writeFully(fds.blockWrite, new byte[] {'x'});
        Libc.close(fds.blockWrite);
        fds.blockWrite = -1;
    }

    private void monitor() {
        // The pipe reads and waitpid block in native code for the whole run, so they get platform threads
        // (see LinuxHost#blocking): on virtual threads they would hold carriers the gateway serving this
        // very run needs.
        pumps.add(host.blocking().submit(stdout));
        pumps.add(host.blocking().submit(stderr));
        watchdog = host.timer().schedule(() -> kill(new Termination.TimedOut()),
                spec.limits().timeout().toNanos(), TimeUnit.NANOSECONDS);
        host.blocking().execute(this::awaitExit);
    }

    private void awaitExit() {
        try {
            int status = Libc.waitpid(bwrapPid);
            synchronized (reapLock) {
                reaped = true;
            }
            outcome.complete(finish(status));
        } catch (RuntimeException | Error e) {
            outcome.completeExceptionally(e);
        } finally {
            host.finished(this);
        }
    }

    /** Kills the whole tree once; the first reason wins. Safe to call from any thread, any number of times. */
    private void kill(Termination reason) {
        if (!killedBecause.compareAndSet(null, reason)) {
            return;
        }
        synchronized (reapLock) {
            if (!reaped) {
                // bwrap is our unreaped child, so its pid cannot have been reused. Its death takes the
                // sandbox's pid 1 with it (--die-with-parent), and with pid 1 the kernel kills every process
                // of the pid namespace; finish() then sweeps the cgroup as well.
                Libc.kill(bwrapPid, Libc.SIGKILL);
            }
        }
    }

    /** Teardown: everything the run created is gone when this returns. */
    private ProcessOutcome finish(int waitStatus) {
        watchdog.cancel(false);
        RuntimeException failure = null;
        ProcessOutcome.Usage usage = ProcessOutcome.Usage.NONE;
        boolean oom = false;
        List<Violation> violations = new ArrayList<>();
        ArtifactCollector.Collected artifacts = new ArtifactCollector.Collected(List.of(), List.of());
        WorkCapture work = WorkCapture.notCaptured("the spec asked for no snapshot");
        Termination termination = null;
        byte[] err = null;
        try {
            reapSandboxInit();
            cgroup.killAll();
            RunEnd.joinPumps(pumps);
            usage = cgroup.usage();
            oom = cgroup.oomKilled();
            if (cgroup.pidsLimitHit()) {
                violations.add(new Violation("resources.pids", "the skill reached its limit of "
                        + spec.limits().pids() + " processes and threads; fork() failed inside the run",
                        "start fewer processes, or ask for more pids"));
            }
            if (RunEnd.scratchFull(scratch.path())) {
                violations.add(new Violation("resources.scratch", "the skill filled its scratch space of "
                        + Quantities.formatBytes(spec.limits().scratchBytes()),
                        "write less to /work, or ask for more scratch"));
            }
            artifacts = ArtifactCollector.collect(scratch.path(), spec.scratch().target(), spec.artifacts());
            violations.addAll(artifacts.dropped());
            err = stderr.bytes();
            termination = classify(waitStatus, oom, err);
            work = RunEnd.snapshot(spec, scratch.path(), termination, violations);
        } catch (RuntimeException e) {
            failure = e;
        }
        resources.closeAll(failure);
        if (failure != null) {
            throw failure;
        }
        return new ProcessOutcome(termination, stdout.bytes(), err, usage, artifacts.artifacts(),
                violations, startedAt, Duration.ofNanos(System.nanoTime() - startNanos), work);
    }

    /**
     * bwrap's monitor exits as soon as the skill's main process does, without waiting for the sandbox's
     * pid 1; that orphan is re-parented to skillbox (a child subreaper, see {@link LinuxHost}). Killing
     * pid 1 makes the kernel kill every other process of its pid namespace, and reaping it—pid 1 goes
     * last—proves they are all gone and leaves no zombie. The cgroup is then normally empty already, so
     * its kill is a quick check instead of a freeze-and-kill round.
     */
    private void reapSandboxInit() {
        if (sandboxPidfd >= 0) {
            Libc.pidfdSendSignal(sandboxPidfd, Libc.SIGKILL);
            Libc.waitPidfd(sandboxPidfd);
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
        int code = Libc.exitCode(waitStatus);
        String errText = new String(err, StandardCharsets.UTF_8);
        // bwrap reports its own setup failures with exit 1 and a "bwrap: " line; a skill imitating that
        // only turns its own failure into an "error" status.
        if (code == 1 && errText.startsWith("bwrap: ")) {
            return new Termination.SetupFailed(errText.strip());
        }
        return new Termination.Exited(code);
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
    public void await(Duration timeout) throws TimeoutException, InterruptedException, ExecutionException {
        outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void cancel(String reason) {
        kill(new Termination.Cancelled(reason));
    }

    private static FileInputStream reopen(int fd) {
        // Re-opening the pipe through /proc gives a plain stream; the original descriptor is then closed so
        // only the stream holds the pipe.
        try {
            return new FileInputStream("/proc/self/fd/" + fd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the output pipe", e);
        } finally {
            Libc.close(fd);
        }
    }
}
