package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.NetworkSpec;
import java.util.List;

/** The network request against the policy: a mode the policy allows, and fields that fit the mode. */
final class NetworkRules {
    private NetworkRules() {}

    static NetworkSpec network(Manifest m, Policy policy, List<Violation> violations) {
        String mode = m.network().mode().orElse(policy.defaultNetworkMode());
        if (!policy.allowedNetworkModes().contains(mode)) {
            violations.add(new Violation("network.mode",
                    "network mode '" + mode + "' is not allowed by the policy (network.allowedModes: "
                            + policy.allowedNetworkModes().stream().sorted().toList() + ")",
                    "use one of " + policy.allowedNetworkModes().stream().sorted().toList()
                            + ", or have the operator allow it"));
        }
        List<String> hosts = m.network().hosts();
        if (!hosts.isEmpty() && !mode.equals("allowlist")) {
            violations.add(new Violation("network.hosts", "hosts are only used with network mode allowlist, not " + mode,
                    "set network.mode: allowlist, or remove network.hosts"));
        }
        if (hosts.isEmpty() && mode.equals("allowlist")) {
            violations.add(new Violation("network.hosts", "network mode allowlist with no hosts reaches nothing",
                    "list the host:port pairs the skill calls, or use network.mode: none"));
        }
        if (!m.credentials().isEmpty() && !mode.equals("broker")) {
            violations.add(new Violation("credentials",
                    "credentials are injected by the broker, but network mode is " + mode,
                    "set network.mode: broker, or remove credentials"));
        }
        return switch (mode) {
            case "broker" -> new NetworkSpec.Broker(m.credentials(), "local");
            case "allowlist" -> new NetworkSpec.Allowlist(hosts, List.of(), new NetworkSpec.EgressLimits(64, 256L << 20, 16384));
            default -> new NetworkSpec.None();
        };
    }
}
