package io.skillbox.core.backend;

import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import java.util.Set;

/**
 * An isolation mechanism. Implementations declare what they can enforce; the registry only hands
 * them specs whose every {@link Feature} they support, on a tier they implement.
 */
public interface Backend extends AutoCloseable {

    /** A short stable name, e.g. {@code bwrap}. */
    String name();

    /** The tiers of the ladder this backend implements. */
    Set<Isolation> tiers();

    /** Everything this backend can enforce. */
    Set<Feature> features();

    /** Probes the host (may be cached); never throws. */
    Availability availability();

    /** Pure: what {@link #start} would run for this spec. */
    Lowering lower(SandboxSpec spec);

    /**
     * Starts the run. Returns once the sandbox is started or has failed to start; never blocks for the
     * whole run.
     *
     * @param stdin the bytes given to the skill on stdin (the params document), then EOF
     */
    Execution start(SandboxSpec spec, byte[] stdin);

    /** Releases host-side services (threads, pools); runs still in flight are killed with them. */
    @Override
    default void close() {}
}
