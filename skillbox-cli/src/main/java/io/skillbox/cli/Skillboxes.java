package io.skillbox.cli;

import io.skillbox.core.policy.Policy;
import io.skillbox.core.run.RunListener;
import io.skillbox.core.run.Skillbox;
import io.skillbox.linux.bwrap.BwrapBackend;

/** The backends this build ships, in order of preference, wired into a {@link Skillbox}. */
final class Skillboxes {
    private Skillboxes() {}

    static Skillbox create(Policy policy) {
        return create(policy, RunListener.NONE);
    }

    static Skillbox create(Policy policy, RunListener listener) {
        Skillbox box = Skillbox.builder().policy(policy).backend(new BwrapBackend()).listener(listener).build();
        // Ctrl-C or SIGTERM: cancel the runs in flight and tear them down before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(box::close, "skillbox-shutdown"));
        return box;
    }
}
