package io.skillbox.linux.bwrap;

import io.skillbox.linux.cgroup.CgroupManager;
import io.skillbox.linux.host.HostSlots;
import io.skillbox.linux.net.NetNamespacePool;
import io.skillbox.linux.seccomp.SeccompCompiler;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The host-side services every bwrap run uses, created once per backend: the spawner thread, the
 * cgroup manager, the seccomp compiler cache, the state directory, the host id pool and the pool of
 * network namespaces for served networks. Opening it sweeps what crashed earlier processes left behind.
 */
public final class BwrapHost implements AutoCloseable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** Enough for a burst of served-network runs; more would only hold kernel memory for runs that may never come. */
    private static final int READY_NAMESPACES = 4;

    private final Path bwrap;
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
    private final Set<BwrapExecution> live = ConcurrentHashMap.newKeySet();

    private BwrapHost(Path bwrap, HostSlots slots, CgroupManager cgroups) {
        this.bwrap = bwrap;
        this.slots = slots;
        this.cgroups = cgroups;
        this.seccomp = new SeccompCompiler();
        this.spawner = new Spawner();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("skillbox-timeouts").factory());
        this.blocking = Executors.newCachedThreadPool(
                Thread.ofPlatform().daemon().name("skillbox-run-io-", 0).factory());
    }

    static BwrapHost open(Path bwrap, BwrapBackend.Config config) {
        // Orphaned sandbox processes (bwrap's pid 1 outlives bwrap's monitor) must come back to us, not to
        // the host's init, which may not reap them; see BwrapExecution#reapSandboxInit.
        Libc.becomeChildSubreaper();
        HostSlots slots = new HostSlots(config.stateDir(), config.idBase(), config.idCount());
        CgroupManager cgroups = CgroupManager.detect();
        // What processes that died mid-run left behind: mounts in slots nobody holds, unheld run cgroups.
        slots.sweepStale();
        cgroups.sweepStale();
        return new BwrapHost(bwrap, slots, cgroups);
    }

    Path bwrap() {
        return bwrap;
    }

    Spawner spawner() {
        return spawner;
    }

    CgroupManager cgroups() {
        return cgroups;
    }

    SeccompCompiler seccomp() {
        return seccomp;
    }

    HostSlots slots() {
        return slots;
    }

    NetNamespacePool namespaces() {
        return namespaces;
    }

    ExecutorService blocking() {
        return blocking;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void started(BwrapExecution run) {
        live.add(run);
    }

    void finished(BwrapExecution run) {
        live.remove(run);
    }

    /**
     * Cancels the runs still in flight and waits (boundedly) for their teardown, so that closing
     * skillbox—or a Ctrl-C of the CLI—leaves no cgroup, mount or directory for the next start to sweep.
     */
    @Override
    public void close() {
        for (BwrapExecution run : List.copyOf(live)) {
            run.cancel("skillbox is shutting down");
        }
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (BwrapExecution run : List.copyOf(live)) {
            try {
                run.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (TimeoutException | ExecutionException e) {
                // The next start sweeps whatever this run leaves; shutting down must not hang.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.shutdownNow();
        blocking.shutdownNow();
        namespaces.close();
        spawner.close();
    }
}
