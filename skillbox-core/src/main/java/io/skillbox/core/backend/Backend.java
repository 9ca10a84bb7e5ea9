package io.skillbox.core.backend;

import io.skillbox.core.network.RunNetwork;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import java.time.Duration;
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

    /**
     * Readies what the spec needs of the host beyond the spec itself, before anything of the run starts (for
     * example, unpacks an image and verifies its digests); called for {@code check} too. Throws
     * {@link io.skillbox.core.error.SkillboxException} to refuse the run, naming the field and the fix.
     */
    default void prepare(SandboxSpec spec) {}

    /** Pure: what {@link #start} would run for this spec. */
    Lowering lower(SandboxSpec spec);

    /**
     * Starts the run. Returns once the sandbox is started or has failed to start; never blocks for the
     * whole run.
     *
     * @param stdin the bytes given to the skill on stdin (the params document), then EOF
     */
    Execution start(SandboxSpec spec, byte[] stdin);

    /**
     * Starts a run whose network is served by the host ({@code broker}, {@code allowlist}): the backend
     * makes the run's network namespace, calls {@link RunNetwork#serve} with listeners inside it, and
     * starts the sandbox in it with {@link RunNetwork#environment} added. Backends that declare
     * {@link Feature#NETWORK_BROKER} or {@link Feature#NETWORK_ALLOWLIST} override this; the default
     * serves nothing, and refuses any network but {@link RunNetwork#NONE}.
     */
    default Execution start(SandboxSpec spec, byte[] stdin, RunNetwork network) {
        if (network != RunNetwork.NONE) {
            throw new IllegalStateException(name() + " cannot serve a run's network");
        }
        return start(spec, stdin);
    }

    /**
     * Blocks (at most {@code timeout}) until the runs in flight have released what they held on the host, which
     * they do right after handing over their outcome; false if some had not at the deadline. The default, for
     * backends that release before the outcome, returns at once.
     */
    default boolean awaitReleased(Duration timeout) {
        return true;
    }

    /** Releases host-side services (threads, pools); runs still in flight are killed with them. */
    @Override
    default void close() {}
}
