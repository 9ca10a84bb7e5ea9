package io.skillbox.linux.oci;

import io.skillbox.spec.Limits;
import io.skillbox.linux.host.BundleMount;
import io.skillbox.spec.Mount;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lowers a {@link SandboxSpec} to an OCI runtime-spec bundle: the one configuration runc, crun, runsc and
 * kata-runtime all read. Pure: the same spec and host paths always give the same bundle, golden files pin
 * it, and tests validate every generated config against the runtime-spec's JSON Schema.
 *
 * <p>What the configuration guarantees, as in the namespaces tier:
 * <ul>
 *   <li>new pid, ipc, uts, mount, cgroup and user namespaces; the skill's uid maps to the run's own
 *       unprivileged host uid and container root to a host uid that owns nothing;
 *   <li>a network namespace with only loopback: the runtime's own empty one for {@code none}, or the one
 *       skillbox made and serves for {@code broker} and {@code allowlist} (joined by path);
 *   <li>no capability in any set, {@code noNewPrivileges}, the spec's seccomp filter, no core dumps;
 *   <li>memory (swap included), CPU bandwidth and pids in the run's cgroup, and no device access but the
 *       runtime's default null/zero/random/tty nodes;
 *   <li>a read-only root: the spec's mounts in order, then the usual masked and read-only /proc paths;
 *   <li>a clean environment, only the spec's variables.
 * </ul>
 */
public final class OciLowering {
    /** The runtime-spec version of the generated configs (the one runc 1.1 and the Debian schema know). */
    public static final String OCI_VERSION = "1.0.2";
    private static final long CPU_PERIOD_MICROS = 100_000;
    private static final List<String> MASKED_PROC = List.of("acpi", "asound", "kcore", "keys", "latency_stats",
            "timer_list", "timer_stats", "sched_debug", "scsi");
    private static final List<String> READONLY_PROC = List.of("bus", "fs", "irq", "sys", "sysrq-trigger");
    private static final List<String> CAPABILITY_SETS = List.of("bounding", "effective", "inheritable", "permitted",
            "ambient");

    private OciLowering() {}

    public static OciBundle lower(SandboxSpec spec, OciHost host) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode c = f.objectNode();
        c.put("ociVersion", OCI_VERSION);
        ObjectNode root = c.putObject("root");
        root.put("path", host.rootfs().toString());
        root.put("readonly", true);
        c.put("hostname", spec.hostname());
        c.set("process", process(spec));

        List<OciBundle.Symlink> symlinks = new ArrayList<>();
        List<OciBundle.DataFile> files = new ArrayList<>();
        ArrayNode mounts = c.putArray("mounts");
        List<String> procTargets = new ArrayList<>();
        List<String> readOnly = new ArrayList<>();
        String image = null;
        for (Mount mount : spec.mounts()) {
            switch (mount) {
                // The root is then the image's tree under a writable overlay that skillbox mounts at the rootfs
                // path (so mount points can be made without touching the shared cache); still read-only inside.
                case Mount.ImageRoot imageRoot -> image = imageRoot.image().toString();
                case Mount.Bind bind -> mounts.add(bind(BundleMount.hostSource(bind.source(), spec.skill().bundle(), host.bundle()),
                        bind.target(), bind.readOnly()));
                case Mount.Scratch scratch -> mounts.add(bind(host.scratch(), scratch.target(), false));
                case Mount.Tmpfs tmpfs -> mounts.add(mount(tmpfs.target(), "tmpfs", "tmpfs", "nosuid", "nodev",
                        "mode=" + octal(tmpfs.mode()), "size=" + tmpfs.sizeBytes()));
                case Mount.Proc proc -> {
                    mounts.add(mount(proc.target(), "proc", "proc", "nosuid", "noexec", "nodev"));
                    procTargets.add(proc.target());
                }
                case Mount.Dev dev -> {
                    // The runtime creates its default device nodes in this tmpfs, then it becomes read-only.
                    mounts.add(mount(dev.target(), "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
                    mounts.add(mount(dev.target() + "/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance",
                            "ptmxmode=0666", "mode=0620"));
                    readOnly.add(dev.target());
                }
                case Mount.Symlink link -> symlinks.add(new OciBundle.Symlink(link.linkTarget(), link.target()));
                case Mount.DataFile file -> {
                    Path hostPath = host.files().resolve(Integer.toString(files.size()));
                    files.add(new OciBundle.DataFile(hostPath, file.content(), file.mode()));
                    mounts.add(bind(hostPath, file.target(), true));
                }
            }
        }
        c.set("linux", linux(spec, host, procTargets, readOnly));
        ObjectNode annotations = c.putObject("annotations");
        annotations.put("io.skillbox.run", spec.runId());
        annotations.put("io.skillbox.skill", spec.skill().name());
        if (image != null) {
            annotations.put("io.skillbox.image", image);
        }
        return new OciBundle(c, symlinks, files);
    }

    private static ObjectNode process(SandboxSpec spec) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("terminal", false);
        ObjectNode user = p.putObject("user");
        user.put("uid", spec.process().uid());
        user.put("gid", spec.process().gid());
        ArrayNode args = p.putArray("args");
        spec.process().argv().forEach(args::add);
        ArrayNode env = p.putArray("env");
        for (Map.Entry<String, String> e : spec.process().env().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        if (!spec.process().env().containsKey("PWD")) {
            // bwrap sets it on the namespaces tier; the same skill sees the same environment on every tier.
            env.add("PWD=" + spec.process().workdir());
        }
        p.put("cwd", spec.process().workdir());
        ObjectNode caps = p.putObject("capabilities");
        for (String set : CAPABILITY_SETS) {
            ArrayNode list = caps.putArray(set);
            if (!set.equals("inheritable") && !set.equals("ambient")) {
                spec.privileges().capabilities().forEach(list::add);
            }
        }
        p.put("noNewPrivileges", spec.privileges().noNewPrivileges());
        ArrayNode rlimits = p.putArray("rlimits");
        rlimit(rlimits, "RLIMIT_CORE", 0);
        rlimit(rlimits, "RLIMIT_NOFILE", 4096);
        return p;
    }

    private static ObjectNode linux(SandboxSpec spec, OciHost host, List<String> procTargets, List<String> readOnly) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode linux = f.objectNode();
        for (String kind : List.of("uidMappings", "gidMappings")) {
            ArrayNode maps = linux.putArray(kind);
            idMap(maps, 0, host.rootHostUid());
            idMap(maps, kind.equals("uidMappings") ? spec.process().uid() : spec.process().gid(), host.hostUid());
        }
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String type : List.of("pid", "ipc", "uts", "mount", "user", "cgroup")) {
            namespaces.addObject().put("type", type);
        }
        ObjectNode net = namespaces.addObject().put("type", "network");
        if (!(spec.network() instanceof NetworkSpec.None)) {
            net.put("path", host.netnsPath().orElseThrow(() -> new IllegalArgumentException(
                    "network mode " + spec.network().mode() + " needs the namespace skillbox serves")));
        }
        linux.put("cgroupsPath", host.cgroupsPath());
        linux.set("resources", resources(spec.limits()));
        ArrayNode masked = linux.putArray("maskedPaths");
        ArrayNode readonly = linux.putArray("readonlyPaths");
        for (String proc : procTargets) {
            MASKED_PROC.forEach(p -> masked.add(proc + "/" + p));
            READONLY_PROC.forEach(p -> readonly.add(proc + "/" + p));
        }
        readOnly.forEach(readonly::add);
        linux.set("seccomp", OciSeccomp.lower(spec.privileges().seccomp()));
        return linux;
    }

    private static ObjectNode resources(Limits limits) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        ObjectNode memory = r.putObject("memory");
        memory.put("limit", limits.memoryBytes());
        memory.put("swap", limits.memoryBytes());
        ObjectNode cpu = r.putObject("cpu");
        cpu.put("quota", limits.cpuMillis() * CPU_PERIOD_MICROS / 1000);
        cpu.put("period", CPU_PERIOD_MICROS);
        r.putObject("pids").put("limit", limits.pids());
        r.putArray("devices").addObject().put("allow", false).put("access", "rwm");
        return r;
    }

    private static ObjectNode bind(Path source, String target, boolean readOnly) {
        return mount(target, "bind", source.toString(), "rbind", readOnly ? "ro" : "rw", "nosuid", "nodev");
    }

    private static ObjectNode mount(String destination, String type, String source, String... options) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode o = m.putArray("options");
        for (String option : options) {
            o.add(option);
        }
        return m;
    }

    private static void idMap(ArrayNode maps, int containerId, int hostId) {
        maps.addObject().put("containerID", containerId).put("hostID", hostId).put("size", 1);
    }

    private static void rlimit(ArrayNode rlimits, String type, long value) {
        rlimits.addObject().put("type", type).put("hard", value).put("soft", value);
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
