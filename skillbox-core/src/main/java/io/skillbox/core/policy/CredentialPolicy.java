package io.skillbox.core.policy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy's {@code credentials:} section: where raw secrets live on the host, which provider each
 * capability reaches and how its key is injected, and which agents may grant which capabilities.
 *
 * @param providers   by capability name (e.g. {@code custom/openweathermap-api-key})
 * @param agents      by agent name; a run acts for one agent (the CLI's default is {@code local})
 * @param store       the encrypted secret file and where its key comes from
 * @param maxTokenTtl the longest a scoped token may live, whatever is asked
 */
public record CredentialPolicy(Map<String, Provider> providers, Map<String, Agent> agents, Store store,
        Duration maxTokenTtl) {

    public CredentialPolicy {
        providers = Map.copyOf(providers);
        agents = Map.copyOf(agents);
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(maxTokenTtl, "maxTokenTtl");
    }

    /**
     * One capability's upstream.
     *
     * @param upstream the base URL calls are forwarded to; {@code /v1/proxy/<capability>/<path>} goes to
     *                 {@code upstream + <path>}
     * @param inject   how the key is added to the forwarded request
     * @param secret   where the key is: {@code env:NAME} (the host's environment) or {@code store:NAME}
     */
    public record Provider(URI upstream, Injection inject, String secret) {
        public Provider {
            Objects.requireNonNull(upstream, "upstream");
            Objects.requireNonNull(inject, "inject");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** How a key reaches the provider. */
    public sealed interface Injection permits Bearer, Header, Query {}

    /** {@code Authorization: Bearer <key>}. */
    public record Bearer() implements Injection {}

    /** {@code <name>: <prefix><key>}. */
    public record Header(String name, String prefix) implements Injection {}

    /** {@code ?<param>=<key>} appended to the query. */
    public record Query(String param) implements Injection {}

    /** @param grants the capabilities this agent may hand to the skills it runs */
    public record Agent(List<String> grants) {
        public Agent {
            grants = List.copyOf(grants);
        }
    }

    /**
     * @param file    the encrypted secret store (AES-256-GCM)
     * @param keyEnv  the environment variable holding the store's key (base64 of 32 bytes), if set
     * @param keyFile the file holding the key otherwise (created 0600 on first write)
     */
    public record Store(Path file, String keyEnv, Path keyFile) {
        public Store {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(keyEnv, "keyEnv");
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }

    /** The provider for a capability, if the policy has one. */
    public Optional<Provider> provider(String capability) {
        return Optional.ofNullable(providers.get(capability));
    }
}
