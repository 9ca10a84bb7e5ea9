package io.skillbox.linux.host;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.cgroup.CgroupManager;
import io.skillbox.linux.net.NetNamespace;
import io.skillbox.linux.net.NetNamespacePool;
import io.skillbox.linux.seccomp.SeccompCompiler;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;

/**
 * The host-side services every run of a Linux backend (bwrap, the OCI runtimes) uses, created once per
 * backend: the spawner thread, the cgroup manager, the seccomp compiler cache, the state directory, the
 * host id pool and the pool of network namespaces for served networks. Opening it sweeps what crashed
 * earlier processes left behind.
 */
public final class LinuxHost implements AutoCloseable {
    /**
     * A run in flight, as the host sees it, until it has released what it held on the host: cancelled and awaited
     * (boundedly) when the host closes.
     */
    public interface LiveRun {
        void cancel(String reason);

        /** Blocks until the run has ended and released everything it held on the host. */
        void awaitReleased(Duration timeout) throws TimeoutException, InterruptedException;
    }

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** Enough for a burst of served-network runs; more would only hold kernel memory for runs that may never come. */
    private static final int READY_NAMESPACES = 4;

    private final Path stateDir;
    private final Spawner spawner;
    private final CgroupManager cgroups;
    private final SeccompCompiler seccomp;
    private final HostSlots slots;
    private final NetNamespacePool namespaces = new NetNamespacePool(READY_NAMESPACES);
    private final ScheduledExecutorService timer;
    /**
     * Threads that block in native code for a whole run: waiting for bwrap to exit, draining its output
     * pipes. Platform threads, because a virtual thread blocked in a native read keeps its carrier: two
     * runs' pumps would take both carriers of a two-core host and stall every other virtual thread of the
     * JVM, the gateway serving those runs included. Reused, since starting a platform thread costs about a
     * millisecond here.
     */
    private final ExecutorService blocking;
    private final Set<LiveRun> live = ConcurrentHashMap.newKeySet();

    private LinuxHost(Path stateDir, HostSlots slots, CgroupManager cgroups) {
        this.stateDir = stateDir;
        this.slots = slots;
        this.cgroups = cgroups;
        this.seccomp = new SeccompCompiler();
        this.spawner = new Spawner();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("skillbox-timeouts").factory());
        this.blocking = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("skillbox-run-io-", 0).factory());
    }

    /**
     * Where a backend keeps its state and which host uids it hands to runs.
     *
     * @param stateDir where the run slots (mount points and locks) and runtime state live
     * @param idBase   the first unprivileged host uid handed to runs
     * @param idCount  how many runs may be live at once (the number of slots)
     */
    public record Config(Path stateDir, int idBase, int idCount) {
        public static Config defaults() {
            String dir = System.getenv().getOrDefault("SKILLBOX_STATE_DIR", "/run/skillbox");
            return new Config(Path.of(dir), HostSlots.DEFAULT_BASE, HostSlots.DEFAULT_COUNT);
        }
    }

    public static LinuxHost open(Config config) {
        Path stateDir = config.stateDir();
        // Orphaned sandbox processes (bwrap's pid 1 outlives bwrap's monitor) must come back to us, not to
        // the host's init, which may not reap them; see io.skillbox.linux.bwrap.BwrapExecution#reapSandboxInit.
        Libc.becomeChildSubreaper();
        HostSlots slots = new HostSlots(stateDir, config.idBase(), config.idCount());
        CgroupManager cgroups = CgroupManager.detect();
        // What processes that died mid-run left behind: mounts in slots nobody holds, unheld run cgroups.
        slots.sweepStale();
        cgroups.sweepStale();
        return new LinuxHost(stateDir, slots, cgroups);
    }

    /** skillbox's state directory ({@code /run/skillbox}). */
    public Path stateDir() {
        return stateDir;
    }

    public Spawner spawner() {
        return spawner;
    }

    public CgroupManager cgroups() {
        return cgroups;
    }

    public SeccompCompiler seccomp() {
        return seccomp;
    }

    public HostSlots slots() {
        return slots;
    }

    public NetNamespacePool namespaces() {
        return namespaces;
    }

    /**
     * A fresh network namespace from the pool, closed with the run's {@code resources}, in which {@code network}
     * listens before the sandbox exists.
     */
    public NetNamespace servedNamespace(RunNetwork network, Resources resources) {
        NetNamespace netns = resources.add(namespaces.take());
        try {
            network.serve(netns);
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "the run's network could not be served: " + e.getMessage(), e);
        }
        return netns;
    }

    public ExecutorService blocking() {
        return blocking;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public void started(LiveRun run) {
        live.add(run);
    }

    public void finished(LiveRun run) {
        live.remove(run);
    }

    /**
     * Blocks (at most {@code timeout}) until every run in flight now has ended and released what it held: a run's
     * outcome is handed over before its directories, mounts and cgroups go (see {@link HostRun}). Returns false
     * when some run is still releasing at the deadline.
     */
    public boolean awaitReleased(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (LiveRun run : List.copyOf(live)) {
            try {
                run.awaitReleased(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Cancels the runs still in flight and waits (boundedly) for their teardown and release, so that closing
     * skillbox—or a Ctrl-C of the CLI—leaves no cgroup, mount or directory for the next start to sweep.
     */
    @Override
    public void close() {
        for (LiveRun run : List.copyOf(live)) {
            run.cancel("skillbox is shutting down");
        }
        // The next start sweeps whatever a run still leaves at the deadline; shutting down must not hang.
        awaitReleased(SHUTDOWN_GRACE);
        timer.shutdownNow();
        blocking.shutdownNow();
        namespaces.close();
        spawner.close();
    }
}
