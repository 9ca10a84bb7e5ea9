package io.skillbox.linux.oci;

import io.skillbox.core.backend.Termination;
import io.skillbox.core.io.FileTrees;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.cgroup.RunCgroup;
import io.skillbox.linux.cgroup.RuntimeCgroups;
import io.skillbox.linux.host.BundleMount;
import io.skillbox.linux.host.HostSlots;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.linux.host.HostRun;
import io.skillbox.linux.host.Orphans;
import io.skillbox.linux.host.Resources;
import io.skillbox.linux.host.SlotJournal;
import io.skillbox.linux.host.ScratchMount;
import io.skillbox.linux.image.ImageCache;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run under an OCI runtime, from bundle to cleanup. {@link #start} reads as the launch sequence and
 * {@link HostRun} monitors it and tears it down.
 *
 * <p>The runtime runs in the foreground ({@code runc run}): the skill's stdin, stdout and stderr are the
 * runtime's, passed through, and its exit status is the skill's. One runtime process per run, because on these
 * hosts each start of a runtime binary costs 60–150 ms (see docs/RUNTIMES.md); {@code create} + {@code start} +
 * {@code delete} cost three. The runtime's own messages go to a log file in the bundle, so they never mix with
 * the skill's stderr; a run whose container never started (no pid file) is a setup failure carrying that log.
 */
final class OciExecution extends HostRun {
    private static final Duration RUNTIME_GRACE = Duration.ofSeconds(5);
    /**
     * The run's cgroup allows this much less memory than the container's: the run's, which outlives the
     * container's and which skillbox reads, is then the one whose limit binds and records the OOM kill.
     */
    private static final long MEMORY_HEADROOM = 64 * 1024;
    /** The container's cgroup, a child of the run's. */
    private static final String CONTAINER_CGROUP = "container";
    private static final Set<String> LOGGED_LEVELS = Set.of("error", "fatal", "warning");
    /**
     * The host uid of gVisor's Sentry and its ptrace stubs: runsc runs them as {@code nobody} in a user namespace
     * of their own, whatever the spec's uid maps say. (Its Gofer runs as the container's root, {@link #rootHostUid}.)
     */
    static final int GVISOR_SANDBOX_UID = 65534;
    private static final Duration ORPHAN_SWEEP_DELAY = Duration.ofMillis(500);

    private final OciRuntime runtime;
    private final Path binary;
    private final Path bundleDir;

    private OciExecution(SandboxSpec spec, OciRuntime runtime, Path binary, LinuxHost host, Resources resources,
            RunCgroup cgroup, ScratchMount scratch, Path bundleDir, int runtimePid, int stdoutRead, int stderrRead,
            Instant startedAt, long startNanos) {
        super(spec, host, resources, cgroup, scratch, runtimePid, stdoutRead, stderrRead, startedAt, startNanos);
        this.runtime = runtime;
        this.binary = binary;
        this.bundleDir = bundleDir;
    }

    /**
     * The launch sequence. On any failure everything created so far is released before rethrowing.
     *
     * @param network serves the run's network when the spec's mode is not {@code none}; closed by the caller
     */
    static OciExecution start(SandboxSpec spec, byte[] stdin, RunNetwork network, LinuxHost host,
            OciRuntime runtime, Path binary, ImageCache images) {
        Resources resources = new Resources();
        try {
            HostSlots.Slot slot = resources.add(host.slots().acquire());
            ScratchMount scratch = resources.add(
                    ScratchMount.mount(slot.work(), spec.limits().scratchBytes(), slot.uid(), slot.uid()));
            BundleMount bundle = resources.add(BundleMount.mount(spec.skill().bundle(), slot.skill()));
            Optional<String> netnsPath = serveNetwork(spec, network, host, resources);
            // The run's cgroup exists, limits written, before the runtime starts. The runtime makes the
            // container's cgroup inside it (the relative path resolves below the runtime's own cgroup, which
            // is skillbox's) with the same limits, and removes that child when the container ends; the run's
            // cgroup, whose counters are hierarchical, keeps the peak memory, CPU time and limit hits.
            // Each thing the run makes outside its slot is journaled first, for a crashed skillbox's successor.
            List<Path> cgroupDirs = RuntimeCgroups.ofRun(spec.runId());
            slot.journal().cgroups(cgroupDirs);
            RunCgroup cgroup = resources.add(host.cgroups().create(spec.runId(),
                    spec.limits().memoryBytes() - MEMORY_HEADROOM, spec.limits().cpuMillis(),
                    runtime.hostTasks(spec.limits().pids())));
            // Closed before the cgroup (reverse order): what the runtime made in the hierarchies skillbox's
            // manager does not use (name=systemd, the hybrid unified one) goes too.
            resources.add(() -> RuntimeCgroups.remove(cgroupDirs));
            Path bundlePath = host.stateDir().resolve("oci").resolve(spec.runId());
            slot.journal().tree(bundlePath);
            Path bundleDir = resources.add(new BundleDir(bundlePath)).path();
            if (spec.imageRoot().isPresent()) {
                // Unpacked and verified when the run was prepared; this finds it in the cache.
                Path image = BundleMount.hostSource(spec.imageRoot().get().image(), spec.skill().bundle(), bundle.path());
                resources.add(ImageOverlay.mount(images.unpack(image).path(), bundleDir));
            }
            OciHost paths = new OciHost(bundleDir.resolve("rootfs"), scratch.path(), bundle.path(),
                    bundleDir.resolve("files"), slot.uid(), rootHostUid(host), netnsPath,
                    cgroupsPath(cgroup.name()));
            OciBundle oci = OciLowering.lower(spec.withAddedEnvironment(network.environment()), paths);
            runtime.adapt(oci.config(), spec.limits().pids());
            oci.writeFiles(paths.files());
            if (spec.imageRoot().isPresent()) {
                oci.writeSkeleton(paths.rootfs(), true);
            } else {
                oci = oci.withRoot(Skeletons.obtain(host.stateDir().resolve("oci-skeletons"), oci));
            }
            oci.writeConfig(bundleDir);

            slot.journal().container(binary, runtime.stateRoot(host.stateDir()), containerId(spec));
            ChildStdio stdio = resources.add(ChildStdio.create(stdin));
            Instant startedAt = Instant.now();
            long startNanos = System.nanoTime();
            int pid;
            try {
                pid = host.spawner().spawn(binary.toString(), launchArgs(runtime, binary, host, spec, bundleDir),
                        List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), stdio.mappings(), Optional.empty(),
                        OptionalInt.empty());
            } finally {
                // Only the runtime holds the write ends now: EOF on the pipes means the container's output is done.
                stdio.closeChildSide();
            }
            try {
                OciExecution run = new OciExecution(spec, runtime, binary, host, resources, cgroup, scratch, bundleDir,
                        pid, stdio.takeStdoutRead(), stdio.takeStderrRead(), startedAt, startNanos);
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

    /** The argv of {@code <runtime> run}, its log apart from the skill's stderr. */
    static List<String> launchArgs(OciRuntime runtime, Path binary, LinuxHost host, SandboxSpec spec,
            Path bundleDir) {
        List<String> argv = new ArrayList<>(List.of(binary.toString()));
        argv.addAll(runtime.globalArgs(host.stateDir(), spec.network()));
        argv.addAll(List.of("--log", bundleDir.resolve("runtime.log").toString(), "--log-format", "json",
                "run", "--bundle", bundleDir.toString(), "--pid-file", bundleDir.resolve("pid").toString(),
                containerId(spec)));
        return argv;
    }

    /** The container's cgroup, relative to the runtime's own: a child of the run's. */
    static String cgroupsPath(String runCgroup) {
        return "skillbox/" + runCgroup + "/" + CONTAINER_CGROUP;
    }

    static String containerId(SandboxSpec spec) {
        return "skillbox-" + spec.runId();
    }

    /** The host uid container root maps to: just below the run uids, owning nothing and running nothing. */
    private static int rootHostUid(LinuxHost host) {
        return host.slots().base() - 1;
    }

    private static Optional<String> serveNetwork(SandboxSpec spec, RunNetwork network, LinuxHost host,
            Resources resources) {
        if (spec.network() instanceof NetworkSpec.None) {
            return Optional.empty();
        }
        // The runtime (root, our child) opens the namespace through our descriptor and joins it.
        return Optional.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + host.servedNamespace(network, resources).fd());
    }

    /**
     * Every process of the container (and gVisor's Sentry and Gofer) is in the run's cgroup, which is frozen and
     * emptied; the runtime then sees its container die and exits. Not the runtime itself: it must live to reap
     * the container's init, or that orphan would come to skillbox (a subreaper) as a zombie. Only a runtime that
     * hangs is killed, after a grace period (and {@link HostRun} reaps the orphans it leaves).
     */
    @Override
    protected void terminate() {
        cgroup.killAll();
        host.timer().schedule(this::killChild, RUNTIME_GRACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    private Path pidFile() {
        return bundleDir.resolve("pid");
    }

    /**
     * The runtime's orphans, then its container: a runtime that ran to its end has deleted it itself; one that was
     * killed or failed may have left it, which {@link SlotJournal#deleteContainer} (as for a crashed skillbox's
     * journal) removes with its state and (for runsc) its sandbox, only after the counters were read, as it removes
     * the cgroup directories it joined.
     */
    @Override
    protected void beforeRelease() {
        // The runtime ran in a process group of its own (see Spawner); whatever it forked and left is reaped by it.
        Orphans.reapGroupOf(childPid());
        if (runtime == OciRuntime.RUNSC) {
            reapGvisorOrphans();
        }
        SlotJournal.deleteContainer(binary, runtime.stateRoot(host.stateDir()), containerId(spec));
    }

    /**
     * gVisor's ptrace stubs, children of the Sentry, die with it but after it, and come to skillbox once they
     * have left the run's cgroup, so {@link HostRun}'s reaping of the cgroup's members misses them; so would it
     * the Sentry and Gofer of a {@code runsc} that was killed. They run as gVisor's {@code nobody} and as the
     * container root's host uid, which no process skillbox waits for runs as: reaped by uid, now and once more a
     * moment later for a stub whose parent stub was itself still exiting (handed off the timer thread).
     */
    private void reapGvisorOrphans() {
        Set<Integer> uids = Set.of(GVISOR_SANDBOX_UID, rootHostUid(host));
        Orphans.reapOwnedBy(uids);
        try {
            host.timer().schedule(() -> host.blocking().execute(() -> Orphans.reapOwnedBy(uids)),
                    ORPHAN_SWEEP_DELAY.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // skillbox is closing (its executors are shut down): its process ends, and its zombies with it
        }
    }

    @Override
    protected Termination byExitCode(int code, byte[] stderr) {
        if (code != 0 && !Files.exists(pidFile())) {
            return new Termination.SetupFailed(runtime.binary() + " could not start the container: " + runtimeLog());
        }
        // gVisor 2024 reports a sandbox whose Sentry or stub the host's OOM killer took as a plain exit 1, with
        // nothing on stderr; the run's cgroup, whose limit binds first, records that its limit was reached.
        if (runtime == OciRuntime.RUNSC && code != 0 && cgroup.memoryLimitHit()) {
            return new Termination.MemoryExceeded();
        }
        // The runtime reports a container killed by signal N as 128+N, as shells do.
        if (code > 128 && code < 128 + 65) {
            // On cgroup v1 the OOM kill is counted only in the container's cgroup, which the runtime removed;
            // the run's cgroup, whose limit binds first, records that its limit was reached.
            if (code - 128 == Libc.SIGKILL && cgroup.memoryLimitHit()) {
                return new Termination.MemoryExceeded();
            }
            return new Termination.Signaled(code - 128);
        }
        return new Termination.Exited(code);
    }

    /** The runtime's error lines ({@code "msg"} of its JSON log), for a setup failure. */
    private String runtimeLog() {
        try (Stream<String> lines = Files.lines(bundleDir.resolve("runtime.log"))) {
            List<String> messages = lines.map(OciExecution::message).filter(m -> !m.isBlank()).toList();
            return messages.isEmpty() ? "(no log)" : String.join("; ", messages.subList(Math.max(0, messages.size() - 3),
                    messages.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private static String message(String line) {
        try {
            var node = Json.json().readTree(line);
            return LOGGED_LEVELS.contains(node.path("level").asString("")) ? node.path("msg").asString("") : "";
        } catch (RuntimeException e) {
            return line.strip();
        }
    }

    /** The run's bundle directory under the state directory; removed with the run. */
    private record BundleDir(Path path) implements AutoCloseable {
        BundleDir {
            try {
                // 0711: gVisor's Gofer, an unprivileged host user, must reach the rootfs and the data files
                // by path; nobody but root may list the directory or read config.json.
                Files.createDirectories(path.getParent());
                Files.setPosixFilePermissions(path.getParent(), PosixFilePermissions.fromString("rwx--x--x"));
                Files.createDirectory(path);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx--x--x"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the run's bundle directory " + path, e);
            }
        }

        @Override
        public void close() {
            FileTrees.delete(path);
        }
    }
}
