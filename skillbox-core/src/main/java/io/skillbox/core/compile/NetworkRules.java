package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.network.HostPattern;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.NetworkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network request against the policy: a mode the policy allows, fields that fit the mode, hosts
 * inside the policy's {@code network.hosts}, and capabilities that have a provider and are granted to
 * the agent. Each refused host or capability is named on its own.
 */
final class NetworkRules {
    private NetworkRules() {}

    static NetworkSpec network(Manifest m, Policy policy, String agent, List<Violation> violations) {
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
            case "broker" -> {
                checkCapabilities(m.credentials(), policy.credentials(), agent, violations);
                yield new NetworkSpec.Broker(m.credentials(), agent);
            }
            case "allowlist" -> {
                checkHosts(hosts, policy, violations);
                yield new NetworkSpec.Allowlist(hosts, policy.egress().allowedAddresses(), policy.egress().limits());
            }
            default -> new NetworkSpec.None();
        };
    }

    /** What the sandbox needs to find its one way out; the run's token is added at start, not here. */
    static Map<String, String> environment(NetworkSpec network) {
        Map<String, String> env = new LinkedHashMap<>();
        switch (network) {
            case NetworkSpec.Allowlist a -> {
                String proxy = "http://127.0.0.1:" + NetworkSpec.PROXY_PORT;
                for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
                    env.put(name, proxy);
                }
                // A JVM ignores the variables above; its proxy properties come through this one.
                env.put("JAVA_TOOL_OPTIONS", "-Dhttp.proxyHost=127.0.0.1 -Dhttp.proxyPort=" + NetworkSpec.PROXY_PORT
                        + " -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=" + NetworkSpec.PROXY_PORT
                        + " -Dhttp.nonProxyHosts=");
            }
            case NetworkSpec.Broker b -> env.put("SKILLBOX_BROKER_URL", "http://127.0.0.1:" + NetworkSpec.BROKER_PORT);
            case NetworkSpec.None n -> { }
        }
        return env;
    }

    private static void checkHosts(List<String> hosts, Policy policy, List<Violation> violations) {
        List<HostPattern> allowed = policy.egress().hosts().stream().map(HostPattern::parse).toList();
        for (int i = 0; i < hosts.size(); i++) {
            String field = "network.hosts[" + i + "]";
            HostPattern wanted;
            try {
                wanted = HostPattern.parse(hosts.get(i));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(field, e.getMessage(), "write name:port, e.g. api.example.com:443 or *.example.com:443"));
                continue;
            }
            if (allowed.stream().noneMatch(p -> p.covers(wanted))) {
                violations.add(new Violation(field, "'" + hosts.get(i) + "' is outside the policy's network.hosts "
                        + policy.egress().hosts(), "name a host the policy allows, or have the operator add it to network.hosts"));
            }
        }
    }

    private static void checkCapabilities(List<String> capabilities, CredentialPolicy policy, String agent,
            List<Violation> violations) {
        Optional<CredentialPolicy.Agent> grants = Optional.ofNullable(policy.agents().get(agent));
        if (grants.isEmpty() && !capabilities.isEmpty()) {
            violations.add(new Violation("credentials", "agent '" + agent + "' is not in the policy's credentials.agents "
                    + policy.agents().keySet().stream().sorted().toList(), "run for a known agent (--agent), or have the operator add it"));
            return;
        }
        for (int i = 0; i < capabilities.size(); i++) {
            String cap = capabilities.get(i);
            String field = "credentials[" + i + "]";
            if (policy.provider(cap).isEmpty()) {
                violations.add(new Violation(field, "capability '" + cap + "' has no provider in the policy (credentials.providers)",
                        "ask the operator to add credentials.providers." + cap + ", or remove it"));
            } else if (!grants.orElseThrow().grants().contains(cap)) {
                violations.add(new Violation(field, "agent '" + agent + "' may not grant '" + cap + "' (credentials.agents."
                        + agent + ".grants)", "run for an agent that holds it, or have the operator grant it"));
            }
        }
    }
}
