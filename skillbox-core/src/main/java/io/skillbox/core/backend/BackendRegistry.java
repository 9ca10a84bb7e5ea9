package io.skillbox.core.backend;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.SandboxSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The backends this process may use, in order of preference. Selection is explicit and fails closed: a
 * spec goes to the first backend that implements its tier, enforces every feature it needs and is
 * available here; otherwise the run is refused with each candidate's reason. There is no fallback to a
 * weaker tier.
 */
public final class BackendRegistry implements AutoCloseable {
    private final List<Backend> backends;

    public BackendRegistry(List<Backend> backends) {
        this.backends = List.copyOf(backends);
    }

    public List<Backend> backends() {
        return backends;
    }

    /** The backend that will run {@code spec}; refuses with every candidate's reason. */
    public Backend select(SandboxSpec spec) {
        return choose(spec, true);
    }

    /**
     * The backend that would run {@code spec} on a host where it is available; for {@code skillbox check},
     * which lowers specs on machines that cannot run them.
     */
    public Backend candidate(SandboxSpec spec) {
        return choose(spec, false);
    }

    private Backend choose(SandboxSpec spec, boolean requireAvailable) {
        Set<Feature> required = Feature.requiredBy(spec);
        List<Violation> reasons = new ArrayList<>();
        for (Backend backend : backends) {
            if (!backend.tiers().contains(spec.isolation())) {
                continue;
            }
            Set<Feature> missing = EnumSet.copyOf(required);
            missing.removeAll(backend.features());
            if (!missing.isEmpty()) {
                for (Feature f : missing) {
                    reasons.add(new Violation(fieldOf(f), backend.name() + " cannot enforce " + f.describe(),
                            "choose a setting this tier supports, or a backend that enforces " + f.describe()));
                }
                continue;
            }
            if (!requireAvailable) {
                return backend;
            }
            Availability availability = backend.availability();
            if (availability.available()) {
                return backend;
            }
            for (int i = 0; i < availability.problems().size(); i++) {
                String fix = i < availability.fixes().size() ? availability.fixes().get(i) : "see skillbox doctor";
                reasons.add(new Violation("runtime.isolation",
                        backend.name() + " is unavailable: " + availability.problems().get(i), fix));
            }
        }
        if (reasons.isEmpty()) {
            reasons.add(new Violation("runtime.isolation",
                    "no backend in this build implements isolation '" + spec.isolation().wireName() + "'",
                    "use a tier that `skillbox doctor` lists as available"));
        }
        throw new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE,
                "no backend can enforce this run (isolation " + spec.isolation().wireName() + ", network "
                        + spec.network().mode() + ")", reasons);
    }

    private static String fieldOf(Feature f) {
        return switch (f) {
            case NETWORK_NONE, NETWORK_BROKER, NETWORK_ALLOWLIST -> "network.mode";
            case MEMORY_LIMIT -> "resources.memory";
            case CPU_LIMIT -> "resources.cpus";
            case PIDS_LIMIT -> "resources.pids";
            case WALL_TIMEOUT -> "resources.timeout";
            case OUTPUT_LIMIT -> "resources.output";
            case SCRATCH_LIMIT, ARTIFACTS -> "resources.scratch";
            case SECCOMP, NO_NEW_PRIVILEGES, DROP_ALL_CAPABILITIES, UNPRIVILEGED_HOST_UID -> "runtime.isolation";
            case IMAGE_ROOTFS -> "runtime.image";
        };
    }

    /** {@link Backend#awaitReleased} of every backend, within one {@code timeout} overall. */
    public boolean awaitReleased(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (Backend backend : backends) {
            all &= backend.awaitReleased(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return all;
    }

    @Override
    public void close() {
        for (Backend backend : backends) {
            backend.close();
        }
    }
}
