package io.skillbox.linux.cgroup;

import io.skillbox.linux.cgroup.ProcCgroups.Membership;
import io.skillbox.linux.cgroup.ProcCgroups.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the driver from {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}: v1 when the
 * memory controller is bound to a v1 hierarchy (a controller lives in one hierarchy only, so hybrid
 * hosts whose cgroup2 mount lacks memory are v1 hosts), otherwise v2. Reports every problem at once.
 */
final class CgroupDetector {
    static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    static final Path PROC_CGROUP = Path.of("/proc/self/cgroup");

    private CgroupDetector() {}

    sealed interface Detection {
        record Found(CgroupManager manager) implements Detection {}

        record Unavailable(String reason) implements Detection {}
    }

    static Detection detect(CgroupFs fs) {
        return detect(fs, fs.read(MOUNTINFO), fs.read(PROC_CGROUP));
    }

    static Detection detect(CgroupFs fs, String mountinfo, String procCgroup) {
        List<Mount> mounts = ProcCgroups.parseMountinfo(mountinfo);
        List<Membership> memberships = ProcCgroups.parseProcCgroup(procCgroup);
        if (mounts.stream().anyMatch(m -> !m.v2() && m.controllers().contains("memory"))) {
            return detectV1(fs, mounts, memberships);
        }
        Optional<Membership> unified = memberships.stream().filter(Membership::v2).findFirst();
        if (unified.isPresent() && mounts.stream().anyMatch(Mount::v2)) {
            return detectV2(fs, mounts, unified.get().path());
        }
        return new Detection.Unavailable("no usable cgroup memory controller: " + MOUNTINFO
                + " has neither a v1 memory hierarchy nor a cgroup2 mount (mount cgroup2 on /sys/fs/cgroup)");
    }

    private static Detection detectV1(CgroupFs fs, List<Mount> mounts, List<Membership> memberships) {
        List<String> problems = new ArrayList<>();
        Map<String, Path> own = new LinkedHashMap<>();
        for (String controller : CgroupV1Manager.CONTROLLERS) {
            Optional<Membership> membership = memberships.stream()
                    .filter(m -> m.controllers().contains(controller)).findFirst();
            if (membership.isEmpty()) {
                problems.add("controller " + controller + " is not enabled in this kernel (" + PROC_CGROUP + ")");
                continue;
            }
            String path = membership.get().path();
            Optional<Mount> mount = mounts.stream()
                    .filter(m -> !m.v2() && m.controllers().contains(controller) && m.dirOf(path).isPresent())
                    .findFirst();
            if (mount.isEmpty()) {
                problems.add("controller " + controller + " is not mounted where this process's cgroup "
                        + path + " is visible");
                continue;
            }
            Path dir = mount.get().dirOf(path).orElseThrow();
            checkDir(fs, mount.get(), dir, problems);
            own.put(controller, dir);
        }
        if (!problems.isEmpty()) {
            return new Detection.Unavailable("cgroup v1: " + String.join("; ", problems));
        }
        return new Detection.Found(new CgroupV1Manager(fs, own));
    }

    private static Detection detectV2(CgroupFs fs, List<Mount> mounts, String path) {
        Optional<Mount> mount = mounts.stream().filter(m -> m.v2() && m.dirOf(path).isPresent()).findFirst();
        if (mount.isEmpty()) {
            return new Detection.Unavailable("cgroup v2: this process's cgroup " + path
                    + " is not visible under any cgroup2 mount");
        }
        Path dir = mount.get().dirOf(path).orElseThrow();
        // After an earlier manager moved this JVM into the supervisor leaf, the run tree stays beside it.
        if (!dir.equals(mount.get().mountPoint()) && dir.getFileName().toString().equals(CgroupV2Manager.SUPERVISOR)) {
            dir = dir.getParent();
        }
        List<String> problems = new ArrayList<>();
        checkDir(fs, mount.get(), dir, problems);
        if (problems.isEmpty()) {
            Path available = dir.resolve("cgroup.controllers");
            Set<String> controllers = CgroupV2Manager.words(fs.read(available));
            List<String> missing = CgroupV2Manager.CONTROLLERS.stream().filter(c -> !controllers.contains(c)).toList();
            if (!missing.isEmpty()) {
                problems.add("controllers " + missing + " are not delegated to " + dir + " (its cgroup.controllers: "
                        + String.join(" ", controllers.stream().sorted().toList())
                        + "); run skillbox as root, or in a systemd unit with Delegate=yes");
            }
        }
        if (!problems.isEmpty()) {
            return new Detection.Unavailable("cgroup v2: " + String.join("; ", problems));
        }
        return new Detection.Found(new CgroupV2Manager(fs, mount.get().mountPoint(), dir));
    }

    private static void checkDir(CgroupFs fs, Mount mount, Path dir, List<String> problems) {
        if (mount.readOnly()) {
            problems.add(mount.mountPoint() + " is mounted read-only (containers: give skillbox a writable,"
                    + " delegated cgroup)");
        } else if (!fs.exists(dir)) {
            problems.add("this process's cgroup directory " + dir + " does not exist");
        } else if (!fs.writable(dir)) {
            problems.add("cannot write " + dir + ": run skillbox as root, or in a cgroup delegated to its user");
        }
    }
}
