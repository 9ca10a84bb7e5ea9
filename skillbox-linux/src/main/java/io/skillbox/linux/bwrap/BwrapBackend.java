package io.skillbox.linux.bwrap;

import io.skillbox.core.backend.Availability;
import io.skillbox.core.backend.Backend;
import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.Feature;
import io.skillbox.core.backend.Lowering;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.host.LazyHost;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The namespaces tier: bubblewrap, plus cgroups, seccomp and a per-run host uid set up by skillbox, and for
 * {@code broker} and {@code allowlist} a network namespace of skillbox's own in which the gateway serves the run.
 */
public final class BwrapBackend implements Backend {
    /** Everything but an image's root filesystem: the namespaces tier shows the host's system directories. */
    private static final Set<Feature> FEATURES = EnumSet.complementOf(EnumSet.of(Feature.IMAGE_ROOTFS));

    private final LinuxHost.Config config;
    private volatile Availability availability;
    private final LazyHost host;

    public BwrapBackend() {
        this(LinuxHost.Config.defaults());
    }

    public BwrapBackend(LinuxHost.Config config) {
        this.config = config;
        this.host = new LazyHost(name(), config, this::availability, BwrapProbe::locate);
    }

    @Override
    public String name() {
        return "bwrap";
    }

    @Override
    public Set<Isolation> tiers() {
        return EnumSet.of(Isolation.NAMESPACES);
    }

    @Override
    public Set<Feature> features() {
        return FEATURES;
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = BwrapProbe.probe();
            availability = a;
        }
        return a;
    }

    @Override
    public Lowering lower(SandboxSpec spec) {
        Path slot = config.stateDir().resolve("slots").resolve("<uid>");
        Path scratch = slot.resolve("work");
        BwrapCommand command = BwrapLowering.lower(spec, new BwrapLowering.HostMounts(scratch, slot.resolve("skill")));
        String bwrap = BwrapProbe.locate().map(Path::toString).orElse("bwrap");
        return new Lowering(name(), command.argv(bwrap, BwrapLowering.ARGS_FD), List.of(
                command.render(),
                "host: the run borrows a slot: an unprivileged host <uid> (from " + config.idBase()
                        + ", unique per live run) and two mount points",
                "host: " + spec.skill().bundle() + " bound read-only at " + slot.resolve("skill"),
                "host: tmpfs at " + scratch + " (size " + Quantities.formatBytes(spec.limits().scratchBytes())
                        + ", mode 0700, owned by the run's host uid)",
                "host: cgroup skillbox/run-" + spec.runId() + " (memory " + Quantities.formatBytes(spec.limits().memoryBytes())
                        + ", cpus " + Quantities.formatCpuMillis(spec.limits().cpuMillis())
                        + ", pids " + spec.limits().pids() + ")",
                networkNote(spec.network())));
    }

    private static String networkNote(NetworkSpec network) {
        return switch (network) {
            case NetworkSpec.None none -> "network: a new namespace made by bwrap, only loopback, nothing served";
            case NetworkSpec.Broker broker -> servedNote(NetworkSpec.BROKER_PORT, "credential broker");
            case NetworkSpec.Allowlist allowlist -> servedNote(NetworkSpec.PROXY_PORT, "egress proxy");
        };
    }

    private static String servedNote(int port, String server) {
        return "host: network namespace made by skillbox, only loopback; 127.0.0.1:" + port
                + " inside served by the host (" + server + "); bwrap is started inside it";
    }

    /** A run with network mode {@code none}; any other mode needs the gateway that serves it. */
    @Override
    public Execution start(SandboxSpec spec, byte[] stdin) {
        return start(spec, stdin, RunNetwork.NONE);
    }

    /**
     * Starts the run; for {@code broker} and {@code allowlist} in a namespace of its own where {@code network}
     * serves it (see {@link BwrapExecution}). The caller closes {@code network} once {@link Execution#await}
     * has returned.
     *
     * @throws IllegalStateException when the spec's mode and {@code network} disagree: a served mode with
     *                               {@link RunNetwork#NONE} (the sandbox would reach nothing, silently), or
     *                               mode {@code none} with a network to serve (a wiring mistake)
     */
    @Override
    public Execution start(SandboxSpec spec, byte[] stdin, RunNetwork network) {
        boolean served = !(spec.network() instanceof NetworkSpec.None);
        if (served && network == RunNetwork.NONE) {
            throw new IllegalStateException("spec asks for network mode " + spec.network().mode()
                    + " but no gateway serves it");
        }
        if (!served && network != RunNetwork.NONE) {
            throw new IllegalStateException("spec asks for network mode none but was given a network to serve");
        }
        LazyHost.Opened opened = host.get();
        return BwrapExecution.start(spec, stdin, network, opened.host(), opened.tool());
    }

    @Override
    public boolean awaitReleased(Duration timeout) {
        return host.awaitReleased(timeout);
    }

    @Override
    public void close() {
        host.close();
    }
}
