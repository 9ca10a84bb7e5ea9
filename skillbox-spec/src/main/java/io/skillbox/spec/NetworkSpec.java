package io.skillbox.spec;

import java.util.List;
import java.util.Objects;

/**
 * What the sandbox may reach over the network. Every mode starts from an empty network namespace with
 * only loopback; {@code broker} and {@code allowlist} add one host-served listener on that loopback
 * ({@link #BROKER_PORT} or {@link #PROXY_PORT}) and nothing else.
 */
public sealed interface NetworkSpec {

    /** Where the egress proxy listens inside the run's namespace, on 127.0.0.1. */
    int PROXY_PORT = 3128;

    /** Where the credential broker listens inside the run's namespace, on 127.0.0.1. */
    int BROKER_PORT = 8077;

    /** The wire name used in manifests and policies. */
    String mode();

    /** Only the sandbox's own loopback; nothing of the host or beyond is reachable. */
    record None() implements NetworkSpec {
        @Override
        public String mode() {
            return "none";
        }
    }

    /**
     * Only the credential broker, which injects keys for the listed capabilities.
     *
     * @param capabilities what the run's scoped token grants: the manifest's credentials, each granted to the agent
     * @param agent        the parent agent the run acts for (the token's {@code parent})
     */
    record Broker(List<String> capabilities, String agent) implements NetworkSpec {
        public Broker {
            capabilities = List.copyOf(capabilities);
            Objects.requireNonNull(agent, "agent");
        }

        @Override
        public String mode() {
            return "broker";
        }
    }

    /**
     * Only the egress proxy, which lets through the listed {@code host:port} patterns.
     *
     * @param hosts            {@code name:port} patterns; a name is exact or {@code *.suffix}, a port is a number
     * @param allowedAddresses CIDR ranges the proxy may connect to even though they are loopback, private,
     *                         link-local, CGNAT or metadata addresses (empty: none of those)
     * @param limits           what one run may use through the proxy
     */
    record Allowlist(List<String> hosts, List<String> allowedAddresses, EgressLimits limits) implements NetworkSpec {
        public Allowlist {
            hosts = List.copyOf(hosts);
            allowedAddresses = List.copyOf(allowedAddresses);
            Objects.requireNonNull(limits, "limits");
        }

        @Override
        public String mode() {
            return "allowlist";
        }
    }

    /**
     * Per-run limits of the egress proxy.
     *
     * @param connections     connections (forward requests and tunnels) over the whole run
     * @param bytes           bytes through the proxy over the whole run, both directions
     * @param headerBytes     the largest request line plus headers the proxy accepts
     */
    record EgressLimits(int connections, long bytes, int headerBytes) {
        public EgressLimits {
            if (connections < 1 || bytes < 1 || headerBytes < 1024) {
                throw new IllegalArgumentException("egress limits must be positive (headerBytes at least 1024)");
            }
        }
    }
}
