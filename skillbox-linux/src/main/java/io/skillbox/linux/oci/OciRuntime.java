package io.skillbox.linux.oci;

import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OCI runtimes skillbox drives, one rung of the ladder each. They all read the same bundle from
 * {@link OciLowering}; what differs is the binary, its global flags and what it needs from the host.
 */
public enum OciRuntime {
    /** The reference runtime: namespaces, cgroups and seccomp on the host kernel. */
    RUNC("runc", Isolation.CONTAINER, "apt-get install runc"),
    /** The same tier in C; faster to start, but version 1.8 refuses cgroup v1 hybrid hosts. */
    CRUN("crun", Isolation.CONTAINER, "apt-get install crun"),
    /** gVisor: the skill's syscalls are served by the Sentry, a kernel in user space, never by the host's. */
    RUNSC("runsc", Isolation.GVISOR, "apt-get install runsc   (Debian 12+; or gVisor's release binary from gvisor.dev)"),
    /** Kata Containers: the container runs in a lightweight virtual machine with its own guest kernel. */
    KATA("kata-runtime", Isolation.MICROVM, "install Kata Containers 3 (kata-containers.io); it needs /dev/kvm");

    /**
     * gVisor's own host tasks, beyond the skill's: the Sentry's and the Gofer's threads (about 100 for an idle
     * sandbox on a 2-core host, growing with cores and mounts).
     */
    static final int GVISOR_BASE_TASKS = 256;
    /**
     * Host tasks per skill process or thread under gVisor's ptrace platform: each of the skill's address spaces
     * is a stub process with a thread for every Sentry thread that ran it (about 7 per sleeping process here).
     */
    static final int GVISOR_TASKS_PER_PID = 8;

    private final String binary;
    private final Isolation tier;
    private final String install;

    OciRuntime(String binary, Isolation tier, String install) {
        this.binary = binary;
        this.tier = tier;
        this.install = install;
    }

    /**
     * The host pids limit for a spec's {@code pids}. Under gVisor the skill's processes are not host processes:
     * the limit bounds the sandbox's host tasks instead, the Sentry's and Gofer's threads and the ptrace stubs,
     * so it is scaled to leave the spec's count of skill processes room. A sandbox that reaches it ends (the
     * Sentry cannot create a thread it needs), which is reported as the pids limit hit.
     */
    public int hostTasks(int pids) {
        return this == RUNSC ? GVISOR_BASE_TASKS + GVISOR_TASKS_PER_PID * pids : pids;
    }

    /** Adjusts a config lowered for {@code pids} skill processes to how this runtime reads it ({@link RunscConfig}). */
    void adapt(ObjectNode config, int pids) {
        if (this == RUNSC) {
            RunscConfig.adapt(config, pids);
        }
    }

    /** The backend's name and the binary looked up on PATH. */
    public String binary() {
        return binary;
    }

    public Isolation tier() {
        return tier;
    }

    /** How to install the runtime, for {@code skillbox doctor} and refused runs. */
    public String install() {
        return install;
    }

    /** Where the runtime keeps the state of skillbox's containers: its {@code --root}, below skillbox's state directory. */
    public Path stateRoot(Path stateDir) {
        return stateDir.resolve(binary);
    }

    /**
     * The flags before the subcommand: a state root of skillbox's own (so {@code runc list} of the host's
     * containers never shows runs, and cleanup sweeps only ours) and, for gVisor, how its netstack meets
     * the run's namespace.
     */
    public List<String> globalArgs(Path stateDir, NetworkSpec network) {
        List<String> args = new ArrayList<>(List.of("--root", stateRoot(stateDir).toString()));
        if (this == RUNSC) {
            // none: gVisor's own netstack with only its loopback; nothing of the host kernel's stack is used.
            // broker/allowlist: the listener lives on the loopback of the namespace skillbox made, which
            // gVisor's netstack cannot reach, so the Sentry uses that namespace's stack—which holds only lo
            // and the run's one listener.
            args.add(network instanceof NetworkSpec.None ? "--network=none" : "--network=host");
            // The spec's seccomp filter, applied by the Sentry to the skill's syscalls (gVisor's own filter
            // guards the host kernel from the Sentry besides).
            args.add("--oci-seccomp");
        }
        return args;
    }
}
