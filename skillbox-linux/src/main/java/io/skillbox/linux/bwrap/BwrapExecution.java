package io.skillbox.linux.bwrap;

import io.skillbox.core.backend.Termination;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.cgroup.RunCgroup;
import io.skillbox.linux.cgroup.RuntimeCgroups;
import io.skillbox.linux.host.BundleMount;
import io.skillbox.linux.host.HostSlots;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.linux.host.HostRun;
import io.skillbox.linux.host.Resources;
import io.skillbox.linux.host.ScratchMount;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One bwrap run from start to cleanup. {@link #start} reads as the launch sequence; {@link HostRun} monitors
 * it and tears it down.
 */
final class BwrapExecution extends HostRun {
    private int sandboxPidfd = -1;

    private BwrapExecution(SandboxSpec spec, LinuxHost host, Resources resources, RunCgroup cgroup,
            ScratchMount scratch, int bwrapPid, ChildFds fds, Instant startedAt, long startNanos) {
        super(spec, host, resources, cgroup, scratch, bwrapPid, fds.takeStdoutRead(), fds.takeStderrRead(), startedAt,
                startNanos);
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
                // before exec'ing the skill; the cgroup is created meanwhile, on the other core. Journaled
                // first: a crashed skillbox's successor removes it in whichever cgroup it runs itself.
                slot.journal().cgroups(RuntimeCgroups.ofRun(spec.runId()));
                RunCgroup cgroup = resources.add(host.cgroups().create(spec.runId(),
                        spec.limits().memoryBytes(), spec.limits().cpuMillis(), spec.limits().pids()));
                BwrapExecution run = new BwrapExecution(spec, host, resources, cgroup, scratch, pid, fds,
                        startedAt, startNanos);
                run.releaseIntoCgroup(fds, resources);
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
            case NetworkSpec.Broker broker -> OptionalInt.of(host.servedNamespace(network, resources).fd());
            case NetworkSpec.Allowlist allowlist -> OptionalInt.of(host.servedNamespace(network, resources).fd());
        };
    }

    /**
     * bwrap reports the sandbox's pid on the info pipe and then waits on the block pipe before exec'ing
     * the skill; the sandbox joins the run's cgroup in between, so every limit holds from the skill's
     * first instruction.
     */
    private void releaseIntoCgroup(ChildFds fds, Resources resources) {
        int sandboxPid = fds.readSandboxPid();
        if (sandboxPid < 0) {
            // bwrap exited before creating the sandbox; its reason is on stderr, collected by the teardown.
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

    /**
     * bwrap is our unreaped child, so its pid cannot have been reused. Its death takes the sandbox's pid 1 with
     * it (--die-with-parent), and with pid 1 the kernel kills every process of the pid namespace; the teardown
     * then sweeps the cgroup as well.
     */
    @Override
    protected void terminate() {
        killChild();
    }

    /**
     * bwrap's monitor exits as soon as the skill's main process does, without waiting for the sandbox's
     * pid 1; that orphan is re-parented to skillbox (a child subreaper, see {@link LinuxHost}). Killing
     * pid 1 makes the kernel kill every other process of its pid namespace, and reaping it—pid 1 goes
     * last—proves they are all gone and leaves no zombie. The cgroup is then normally empty already, so
     * its kill is a quick check instead of a freeze-and-kill round.
     */
    @Override
    protected void beforeTeardown() {
        if (sandboxPidfd >= 0) {
            Libc.pidfdSendSignal(sandboxPidfd, Libc.SIGKILL);
            Libc.waitPidfd(sandboxPidfd);
        }
    }

    @Override
    protected Termination byExitCode(int code, byte[] err) {
        String errText = new String(err, StandardCharsets.UTF_8);
        // bwrap reports its own setup failures with exit 1 and a "bwrap: " line; a skill imitating that
        // only turns its own failure into an "error" status.
        if (code == 1 && errText.startsWith("bwrap: ")) {
            return new Termination.SetupFailed(errText.strip());
        }
        return new Termination.Exited(code);
    }
}
