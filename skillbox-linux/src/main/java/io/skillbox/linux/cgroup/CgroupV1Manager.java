package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * cgroup v1: a {@code skillbox} directory under this JVM's own cgroup in each of the memory, pids, cpu,
 * cpuacct and freezer hierarchies, wherever mountinfo says each is mounted (cpu and cpuacct are often
 * one hierarchy). The memory hierarchy is the lease hierarchy: run directories are created there first
 * and removed there last, so a crash leaves at least that directory for {@link #sweepStale()} to find.
 */
public final class CgroupV1Manager implements CgroupManager {
    /** Required controllers, lease hierarchy first. */
    static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct", "freezer");

    private final CgroupFs fs;
    /** controller -> {@code <own cgroup>/skillbox}, in {@link #CONTROLLERS} order. */
    private final Map<String, Path> parents;

    CgroupV1Manager(CgroupFs fs, Map<String, Path> ownDirs) {
        this.fs = fs;
        Map<String, Path> byController = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            Path own = ownDirs.get(controller);
            if (own == null) {
                throw new IllegalArgumentException("no directory for controller " + controller);
            }
            byController.put(controller, own.resolve(CgroupSupport.PARENT));
        }
        this.parents = Map.copyOf(byController);
    }

    @Override
    public String describe() {
        // Group co-mounted controllers: "cpu,cpuacct" share one directory.
        Map<Path, List<String>> hierarchies = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            hierarchies.computeIfAbsent(parents.get(controller), p -> new ArrayList<>()).add(controller);
        }
        return "cgroup v1 (" + hierarchies.values().stream().map(c -> String.join(",", c))
                .collect(Collectors.joining(", ")) + ") under "
                + hierarchies.keySet().stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    @Override
    public RunCgroup create(String runId, long memoryBytes, long cpuMillis, int pids) {
        String name = CgroupSupport.runName(runId);
        CgroupSupport.checkLimits(memoryBytes, cpuMillis, pids);
        for (Path parent : distinctParents()) {
            fs.mkdir(parent); // idempotent: concurrent runs may create it at the same time
        }
        CgroupFs.DirLock lease = RunLeases.create(fs, parents.get("memory"), name);
        CgroupV1Run run = adopt(name, lease);
        try {
            for (Path dir : run.dirs()) {
                fs.mkdir(dir);
            }
            writeLimits(run, memoryBytes, cpuMillis, pids);
            return run;
        } catch (RuntimeException e) {
            CgroupSupport.closeAfterFailure(run, e);
            throw e;
        }
    }

    private void writeLimits(CgroupV1Run run, long memoryBytes, long cpuMillis, int pids) {
        Path memory = runDir("memory", run.name());
        fs.write(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryBytes));
        // memsw (memory + swap) may never be below memory: a new cgroup starts unlimited in both, so
        // memory is lowered first. Equal values leave no swap to escape into.
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (fs.exists(memsw)) {
            fs.write(memsw, Long.toString(memoryBytes));
        }
        Path swappiness = memory.resolve("memory.swappiness");
        if (fs.exists(swappiness)) {
            fs.write(swappiness, "0"); // without memsw (swapaccount=0) this at least keeps pages out of swap
        }
        fs.write(runDir("pids", run.name()).resolve("pids.max"), Integer.toString(pids));
        long[] cfs = CgroupSupport.cfsQuota(cpuMillis);
        Path cpu = runDir("cpu", run.name());
        fs.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(cfs[1]));
        fs.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(cfs[0]));
    }

    @Override
    public int sweepStale() {
        return RunLeases.sweep(fs, parents.get("memory"), this::adopt);
    }

    private CgroupV1Run adopt(String name, CgroupFs.DirLock lease) {
        return new CgroupV1Run(fs, name, runDirs(name), lease);
    }

    /** controller -> directory of run {@code name}, in {@link #CONTROLLERS} order. */
    Map<String, Path> runDirs(String name) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (String controller : CONTROLLERS) {
            dirs.put(controller, runDir(controller, name));
        }
        return dirs;
    }

    private Path runDir(String controller, String name) {
        return parents.get(controller).resolve(name);
    }

    /** The {@code skillbox} directories, one per hierarchy, memory first. */
    List<Path> parentDirs() {
        return distinctParents();
    }

    private List<Path> distinctParents() {
        return CONTROLLERS.stream().map(parents::get).distinct().toList();
    }
}
