package io.skillbox.gateway.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The answer of the {@link Gatekeeper} for one target: pass to one checked address, or a {@link Denial}. */
sealed interface Verdict permits Verdict.Pass, Denial {

    /**
     * @param target  what was asked for
     * @param address the checked address to connect to; the name is never resolved again
     */
    record Pass(Target target, InetAddress address) implements Verdict {
        InetSocketAddress socketAddress() {
            return new InetSocketAddress(address, target.port());
        }
    }
}
