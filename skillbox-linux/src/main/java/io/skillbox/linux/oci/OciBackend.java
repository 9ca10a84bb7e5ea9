package io.skillbox.linux.oci;

import io.skillbox.core.backend.Availability;
import io.skillbox.core.backend.Backend;
import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.Feature;
import io.skillbox.core.backend.Lowering;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.host.LazyHost;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.linux.image.ImageCache;
import io.skillbox.spec.Mount;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The container, gVisor and microVM tiers: one {@link OciRuntime} driven with the bundle from
 * {@link OciLowering}, plus the host services the namespaces tier uses (a per-run host uid, the scratch
 * tmpfs, the run's cgroup, and for {@code broker} and {@code allowlist} a network namespace of skillbox's
 * own that the container joins).
 */
public final class OciBackend implements Backend {
    private final OciRuntime runtime;
    private final LinuxHost.Config config;
    private volatile Availability availability;
    /** Whether this runsc can run the Sentry in a served namespace (probed once). */
    private volatile Boolean servedNamespaces;
    private final LazyHost host;
    private final ImageCache images;

    public OciBackend(OciRuntime runtime) {
        this(runtime, LinuxHost.Config.defaults());
    }

    public OciBackend(OciRuntime runtime, LinuxHost.Config config) {
        this(runtime, config, imageCacheDir());
    }

    /** @param imageCache where unpacked images are kept across runs */
    public OciBackend(OciRuntime runtime, LinuxHost.Config config, Path imageCache) {
        this.runtime = runtime;
        this.config = config;
        this.host = new LazyHost(name(), config, this::availability, () -> OciProbe.locate(runtime));
        this.images = new ImageCache(imageCache);
    }

    /** Where unpacked images are kept across runs: {@code $SKILLBOX_IMAGE_CACHE}, else /var/cache/skillbox/images. */
    static Path imageCacheDir() {
        return Path.of(System.getenv().getOrDefault("SKILLBOX_IMAGE_CACHE", "/var/cache/skillbox/images"));
    }

    /**
     * Unpacks the spec's image, if it has one, verifying every digest, and checks that no mount point of the spec
     * lies behind a symbolic link of the image: a bad image is refused before anything of the run starts, with
     * each problem under {@code runtime.image}.
     */
    @Override
    public void prepare(SandboxSpec spec) {
        if (spec.imageRoot().isEmpty()) {
            return;
        }
        Path image = spec.imageRoot().get().image();
        Path rootfs;
        try {
            rootfs = images.unpack(image).path();
        } catch (SkillboxException e) {
            throw new SkillboxException(e.code(), "runtime.image " + image + ": " + e.getMessage(),
                    e.violations().stream().map(v -> new Violation("runtime.image: " + v.field(), v.problem(), v.fix()))
                            .toList(), e);
        }
        for (Mount mount : spec.mounts()) {
            if (!(mount instanceof Mount.ImageRoot)) {
                ImageOverlay.linkOnTheWay(rootfs, mount.target()).ifPresent(link -> {
                    throw new SkillboxException(ErrorCode.UNSAFE_BUNDLE, "runtime.image " + image + " has a symbolic link at "
                            + link + ", where skillbox mounts " + mount.target(), List.of(new Violation("runtime.image",
                            "the image's " + link + " is a symbolic link, and skillbox mounts " + mount.target() + " there",
                            "rebuild the image with a real directory (or no entry) at " + link)));
                });
            }
        }
    }

    /** One backend per runtime, weakest tier first; the registry picks the first available for a tier. */
    public static List<Backend> all() {
        List<Backend> backends = new ArrayList<>();
        for (OciRuntime r : OciRuntime.values()) {
            backends.add(new OciBackend(r));
        }
        return backends;
    }

    public OciRuntime runtime() {
        return runtime;
    }

    /** The runtime's binary on this host, if installed. */
    public Optional<Path> binary() {
        return OciProbe.locate(runtime);
    }

    @Override
    public String name() {
        return runtime.binary();
    }

    @Override
    public Set<Isolation> tiers() {
        return EnumSet.of(runtime.tier());
    }

    /**
     * What this runtime enforces. Every runtime takes the whole configuration: namespaces, the per-run host
     * uid (gVisor's Sentry and Gofer run as unprivileged host users of their own instead), cgroups, no
     * capabilities, no_new_privs and seccomp (gVisor applies the filter inside its own kernel).
     *
     * <p>runsc serves {@code broker} and {@code allowlist} only from gVisor 2023 on: the skill must reach a
     * listener on the loopback of skillbox's namespace, so the Sentry runs with {@code --network=host} in that
     * namespace, and it must become root in the container's user namespace to set up its chroot there ({@code
     * boot --sync-userns-fd}). runsc 2022-12 starts it as host root unmapped there, which fails ("error converting
     * mounts: operation not permitted"); the only way around, a Sentry running as host uid 0, is one skillbox never
     * takes. An older runsc is asked for such runs and refuses them, naming the mode.
     */
    @Override
    public Set<Feature> features() {
        Set<Feature> features = EnumSet.allOf(Feature.class);
        if (runtime == OciRuntime.RUNSC && !joinsServedNamespaces()) {
            features.removeAll(EnumSet.of(Feature.NETWORK_BROKER, Feature.NETWORK_ALLOWLIST));
        }
        return features;
    }

    private boolean joinsServedNamespaces() {
        Boolean joins = servedNamespaces;
        if (joins == null) {
            joins = OciProbe.locate(runtime).map(OciProbe::syncsUserNamespace).orElse(false);
            servedNamespaces = joins;
        }
        return joins;
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = OciProbe.probe(runtime);
            availability = a;
        }
        return a;
    }

    @Override
    public Lowering lower(SandboxSpec spec) {
        OciHost paths = OciHost.placeholder(spec.runId());
        if (!(spec.network() instanceof NetworkSpec.None)) {
            paths = paths.withNetnsPath("/proc/<skillbox>/fd/<netns>");
        }
        OciBundle bundle = OciLowering.lower(spec, paths);
        runtime.adapt(bundle.config(), spec.limits().pids());
        Path bin = OciProbe.locate(runtime).orElse(Path.of(runtime.binary()));
        List<String> command = new ArrayList<>(List.of(bin.toString()));
        command.addAll(runtime.globalArgs(config.stateDir(), spec.network()));
        command.addAll(List.of("run", "--bundle", paths.rootfs().getParent().toString(), OciExecution.containerId(spec)));
        List<String> notes = new ArrayList<>();
        notes.add("config.json:\n" + Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(bundle.config()));
        bundle.symlinks().forEach(l -> notes.add("rootfs: symlink " + l.target() + " -> " + l.linkText()));
        notes.add("host: the run borrows a slot: an unprivileged host <uid> (from " + config.idBase()
                + ", unique per live run); container root maps to " + (config.idBase() - 1) + ", which owns nothing");
        notes.add("host: cgroup skillbox/run-" + spec.runId() + " made by skillbox, joined by " + runtime.binary());
        return new Lowering(name(), command, notes);
    }

    @Override
    public Execution start(SandboxSpec spec, byte[] stdin) {
        return start(spec, stdin, RunNetwork.NONE);
    }

    @Override
    public Execution start(SandboxSpec spec, byte[] stdin, RunNetwork network) {
        // The registry never picks a backend for a spec it cannot enforce; this refuses callers that bypass it.
        Set<Feature> missing = EnumSet.copyOf(Feature.requiredBy(spec));
        missing.removeAll(features());
        if (!missing.isEmpty()) {
            throw new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE, name() + " cannot enforce "
                    + missing.stream().map(Feature::describe).toList() + " for run " + spec.runId()
                    + " (see docs/RUNTIMES.md); use isolation container or namespaces for it");
        }
        boolean served = !(spec.network() instanceof NetworkSpec.None);
        if (served == (network == RunNetwork.NONE)) {
            throw new IllegalStateException("spec asks for network mode " + spec.network().mode()
                    + (served ? " but no gateway serves it" : " but was given a network to serve"));
        }
        LazyHost.Opened opened = host.get();
        return OciExecution.start(spec, stdin, network, opened.host(), runtime, opened.tool(), images);
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
