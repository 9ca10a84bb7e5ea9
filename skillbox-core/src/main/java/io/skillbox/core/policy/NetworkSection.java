package io.skillbox.core.policy;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.json.QuantityNodes;
import io.skillbox.core.network.Cidr;
import io.skillbox.core.network.HostPattern;
import io.skillbox.spec.NetworkSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Reads the policy's {@code network} (beyond its modes) and {@code credentials} sections, already
 * schema-valid, and checks what the schema cannot: quantities, upstream URLs, grants that name providers.
 */
final class NetworkSection {
    private NetworkSection() {}

    /**
     * @param bytes  {@code network.limits.bytes}, already parsed (empty: refused with its reason)
     * @param header {@code network.limits.headerBytes}, already parsed
     */
    static Optional<EgressPolicy> egress(JsonNode network, Optional<Long> bytes, Optional<Long> header,
            List<Violation> problems) {
        int before = problems.size();
        JsonNode limits = network.path("limits");
        header.filter(h -> h < 1024 || h > 1 << 20).ifPresent(h -> problems.add(new Violation("network.limits.headerBytes",
                Quantities.formatBytes(h) + " is outside 1Ki..1Mi", "use a value such as 16Ki")));
        List<String> hosts = texts(network.path("hosts"));
        for (int i = 0; i < hosts.size(); i++) {
            int port = Integer.parseInt(hosts.get(i).substring(hosts.get(i).lastIndexOf(':') + 1));
            if (port < 1 || port > 65535) {
                problems.add(new Violation("network.hosts[" + i + "]", "port " + port + " is out of range",
                        "use a port from 1 to 65535"));
                continue;
            }
            try {
                HostPattern.parse(hosts.get(i)); // the compiler and the proxy read them the same way
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("network.hosts[" + i + "]", e.getMessage(),
                        "write name:port, e.g. api.example.com:443, *.example.com:443 or *:443"));
            }
        }
        List<String> cidrs = texts(network.path("allowAddresses"));
        for (int i = 0; i < cidrs.size(); i++) {
            try {
                Cidr.parse(cidrs.get(i)); // as the proxy will read it
            } catch (IllegalArgumentException e) {
                problems.add(new Violation("network.allowAddresses[" + i + "]", e.getMessage(),
                        "write an address or CIDR range such as 127.0.0.1/32 or fd00::/8"));
            }
        }
        if (problems.size() > before || bytes.isEmpty() || header.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EgressPolicy(hosts, texts(network.path("allowAddresses")),
                new NetworkSpec.EgressLimits(limits.path("connections").intValue(), bytes.get(), header.get().intValue())));
    }

    static Optional<CredentialPolicy> credentials(JsonNode c, Path stateDir, List<Violation> problems) {
        int before = problems.size();
        Map<String, CredentialPolicy.Provider> providers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : c.path("providers").properties()) {
            String field = "credentials.providers." + e.getKey();
            JsonNode p = e.getValue();
            URI upstream = null;
            try {
                upstream = new URI(p.path("upstream").stringValue());
                if (upstream.getHost() == null || upstream.getRawFragment() != null || upstream.getRawUserInfo() != null) {
                    throw new URISyntaxException(upstream.toString(), "needs a host, and no fragment or user info");
                }
            } catch (URISyntaxException ex) {
                problems.add(new Violation(field + ".upstream", "'" + p.path("upstream").stringValue() + "' is not a usable URL: "
                        + ex.getReason(), "write a base URL such as https://api.example.com/v1/"));
            }
            JsonNode inject = p.path("inject");
            CredentialPolicy.Injection injection = inject.isString() ? new CredentialPolicy.Bearer()
                    : inject.has("header") ? new CredentialPolicy.Header(inject.path("header").stringValue(),
                            inject.path("prefix").asString(""))
                    : new CredentialPolicy.Query(inject.path("query").stringValue());
            if (upstream != null) {
                providers.put(e.getKey(), new CredentialPolicy.Provider(upstream, injection, p.path("secret").stringValue()));
            }
        }
        Map<String, CredentialPolicy.Agent> agents = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : c.path("agents").properties()) {
            List<String> grants = texts(e.getValue().path("grants"));
            for (int i = 0; i < grants.size(); i++) {
                if (!c.path("providers").has(grants.get(i))) {
                    problems.add(new Violation("credentials.agents." + e.getKey() + ".grants[" + i + "]",
                            "'" + grants.get(i) + "' has no provider in credentials.providers",
                            "add credentials.providers." + grants.get(i) + ", or remove the grant"));
                }
            }
            agents.put(e.getKey(), new CredentialPolicy.Agent(grants));
        }
        JsonNode store = c.path("store");
        Path file = store.has("file") ? Path.of(store.path("file").stringValue()) : stateDir.resolve("secrets.json");
        Path keyFile = store.has("keyFile") ? Path.of(store.path("keyFile").stringValue())
                : stateDir.resolve("keys").resolve("secrets.key");
        Optional<Duration> ttl = QuantityNodes.duration(c.path("maxTokenTtl")).filter(d -> !d.isZero());
        if (ttl.isEmpty()) {
            problems.add(new Violation("credentials.maxTokenTtl", "'" + c.path("maxTokenTtl").asString("") + "' is not a positive duration",
                    "write " + Quantities.DURATION_SYNTAX));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new CredentialPolicy(providers, agents,
                new CredentialPolicy.Store(file, store.path("keyEnv").stringValue(), keyFile), ttl.orElseThrow()));
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.stringValue()));
        return out;
    }
}
