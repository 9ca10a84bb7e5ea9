package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * cgroup v2: {@code <own cgroup>/skillbox/run-<id>} in the unified hierarchy, with memory, pids and cpu
 * enabled in the subtree_control of the own cgroup and of {@code skillbox}. If the own cgroup holds
 * processes, the kernel refuses to enable controllers on it ("no internal processes"); then every
 * process of it, this JVM included, is first moved to the leaf {@code <own>/skillbox-supervisor}.
 */
public final class CgroupV2Manager implements CgroupManager {
    static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
    /** The leaf this JVM moves into when its own cgroup must become an inner node. */
    static final String SUPERVISOR = "skillbox-supervisor";

    private final CgroupFs fs;
    private final Path mountPoint;
    private final Path own;
    private final Path parent;
    private boolean parentReady; // guarded by this

    /** {@code own} is this JVM's cgroup directory (its parent if the JVM already sits in the supervisor leaf). */
    CgroupV2Manager(CgroupFs fs, Path mountPoint, Path own) {
        this.fs = fs;
        this.mountPoint = mountPoint;
        this.own = own;
        this.parent = own.resolve(CgroupSupport.PARENT);
    }

    @Override
    public String describe() {
        return "cgroup v2 (" + String.join(", ", CONTROLLERS) + ") under /" + mountPoint.relativize(parent)
                + " (mounted at " + mountPoint + ")";
    }

    @Override
    public RunCgroup create(String runId, long memoryBytes, long cpuMillis, int pids) {
        String name = CgroupSupport.runName(runId);
        CgroupSupport.checkLimits(memoryBytes, cpuMillis, pids);
        ensureParent();
        CgroupV2Run run = adopt(name, RunLeases.create(fs, parent, name));
        try {
            writeLimits(parent.resolve(name), memoryBytes, cpuMillis, pids);
            return run;
        } catch (RuntimeException e) {
            CgroupSupport.closeAfterFailure(run, e);
            throw e;
        }
    }

    private void writeLimits(Path dir, long memoryBytes, long cpuMillis, int pids) {
        fs.write(dir.resolve("memory.max"), Long.toString(memoryBytes));
        Path swap = dir.resolve("memory.swap.max");
        if (fs.exists(swap)) {
            fs.write(swap, "0"); // memory.max does not cover swap on v2: without this, swap is an escape
        }
        Path oomGroup = dir.resolve("memory.oom.group");
        if (fs.exists(oomGroup)) {
            // One OOM kill ends the whole run, instead of a supervisor inside restarting killed workers.
            fs.write(oomGroup, "1");
        }
        fs.write(dir.resolve("pids.max"), Integer.toString(pids));
        long[] cfs = CgroupSupport.cfsQuota(cpuMillis);
        fs.write(dir.resolve("cpu.max"), cfs[0] + " " + cfs[1]);
    }

    /** Idempotent in this JVM and across JVMs: every step checks or tolerates what is already there. */
    private synchronized void ensureParent() {
        if (parentReady) {
            return;
        }
        enableControllers(own, true);
        fs.mkdir(parent);
        enableControllers(parent, false);
        parentReady = true;
    }

    private void enableControllers(Path dir, boolean mayMoveProcesses) {
        Path subtree = dir.resolve("cgroup.subtree_control");
        Set<String> enabled = words(fs.read(subtree));
        String command = CONTROLLERS.stream().filter(c -> !enabled.contains(c)).map(c -> "+" + c)
                .collect(Collectors.joining(" "));
        if (command.isEmpty()) {
            return;
        }
        try {
            fs.write(subtree, command);
        } catch (CgroupException e) {
            if (e.errno() != CgroupException.EBUSY || !mayMoveProcesses || CgroupSupport.pids(fs, dir).isEmpty()) {
                throw e;
            }
            moveToSupervisor(dir);
            fs.write(subtree, command);
        }
    }

    /** Empties {@code dir} of processes into its supervisor leaf; loops because members may fork meanwhile. */
    private void moveToSupervisor(Path dir) {
        Path supervisor = dir.resolve(SUPERVISOR);
        fs.mkdir(supervisor);
        boolean drained = CgroupSupport.await(() -> {
            List<Integer> members = CgroupSupport.pids(fs, dir);
            members.forEach(pid -> CgroupSupport.movePid(fs, supervisor, pid));
            return members.isEmpty();
        }, CgroupSupport.KILL_TIMEOUT);
        if (!drained) {
            throw CgroupException.state("could not move the processes of " + dir + " into " + supervisor
                    + " within " + CgroupSupport.KILL_TIMEOUT + "; still there: " + CgroupSupport.pids(fs, dir), dir);
        }
    }

    @Override
    public int sweepStale() {
        return RunLeases.sweep(fs, parent, this::adopt);
    }

    private CgroupV2Run adopt(String name, CgroupFs.DirLock lease) {
        return new CgroupV2Run(fs, name, parent.resolve(name), lease);
    }

    static Set<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
