package io.skillbox.cli;

import io.skillbox.core.oversight.Oversight;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.run.RunListener;
import io.skillbox.core.run.Skillbox;
import io.skillbox.gateway.Gateway;
import io.skillbox.linux.bwrap.BwrapBackend;
import io.skillbox.linux.oci.OciBackend;

/** The backends this build ships, in order of preference, wired into a {@link Skillbox}. */
final class Skillboxes {
    private Skillboxes() {}

    /** For commands that only look (check, doctor): no audit log is opened. */
    static Skillbox create(Policy policy) {
        return create(policy, RunListener.NONE);
    }

    static Skillbox create(Policy policy, RunListener listener) {
        return shutDownOnExit(builder(policy).listener(listener).build());
    }

    /** For commands that run skills: every run is audited under the policy's state directory. */
    static Skillbox audited(Policy policy) {
        Oversight oversight = Oversight.open(policy.oversight());
        return shutDownOnExit(builder(policy).oversight(oversight)
                .network(Gateway.open(policy, oversight.networkEvents())).build());
    }

    private static Skillbox.Builder builder(Policy policy) {
        // The ladder, weakest boundary first: bwrap, then runc, crun, runsc and kata-runtime. A spec goes to the
        // first backend of its tier that is available; a missing runtime refuses the run, never falls back.
        Skillbox.Builder builder = Skillbox.builder().policy(policy).backend(new BwrapBackend());
        OciBackend.all().forEach(builder::backend);
        return builder;
    }

    private static Skillbox shutDownOnExit(Skillbox box) {
        // Ctrl-C or SIGTERM: cancel the runs in flight, tear them down and sign the audit log before the JVM exits.
        Runtime.getRuntime().addShutdownHook(new Thread(box::close, "skillbox-shutdown"));
        return box;
    }
}
