package io.skillbox.core.policy;

import io.skillbox.spec.NetworkSpec;
import java.util.List;
import java.util.Objects;

/**
 * The policy's rules for mode {@code allowlist} ({@code network:} section).
 *
 * @param hosts            the {@code host:port} patterns manifests may list; a manifest's pattern must
 *                         fall inside one of them ({@code *} as a name matches every name)
 * @param allowedAddresses CIDR ranges the proxy may reach although they are loopback, private,
 *                         link-local, CGNAT or metadata addresses; empty by default
 * @param limits           per run
 */
public record EgressPolicy(List<String> hosts, List<String> allowedAddresses, NetworkSpec.EgressLimits limits) {
    public EgressPolicy {
        hosts = List.copyOf(hosts);
        allowedAddresses = List.copyOf(allowedAddresses);
        Objects.requireNonNull(limits, "limits");
    }
}
