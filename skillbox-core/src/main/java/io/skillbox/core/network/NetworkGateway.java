package io.skillbox.core.network;

import io.skillbox.core.error.SkillboxException;
import io.skillbox.spec.SandboxSpec;

/** Makes the host side of each run's network: the egress proxy for {@code allowlist}, the broker for {@code broker}. */
public interface NetworkGateway extends AutoCloseable {

    /**
     * Prepares the run's network (for {@code broker}: mints its scoped token). Nothing listens yet.
     *
     * @throws SkillboxException when the run cannot be served, e.g. a capability's secret is missing
     */
    RunNetwork open(SandboxSpec spec);

    /** Stops every run's network and releases threads. */
    @Override
    void close();
}
