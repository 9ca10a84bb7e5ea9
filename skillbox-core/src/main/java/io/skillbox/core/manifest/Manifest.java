package io.skillbox.core.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A skill's manifest ({@code skill.yaml}, {@code apiVersion: skillbox/v1}) after schema validation.
 * Optional fields are empty when the manifest omits them; the policy compiler fills them from the
 * policy's defaults. This record never holds a value the schema rejected.
 *
 * @param name        lowercase letters, digits, '-', '_', '/', '.'
 * @param version     the skill's version (semver recommended, not required)
 * @param description one line for humans and for the model choosing a tool
 * @param entrypoint  argv; relative paths resolve inside the bundle
 * @param params      JSON Schema of the params document, if declared
 * @param result      JSON Schema of the result document, if declared
 * @param runtime     requested isolation tier
 * @param resources   requested limits
 * @param network     requested network access
 * @param credentials brokered capabilities the skill asks for (never raw keys)
 * @param files       bundle files mounted elsewhere in the sandbox
 * @param trust       the skill's own trust declaration (informational; never raises trust)
 */
public record Manifest(
        String name,
        String version,
        String description,
        List<String> entrypoint,
        Optional<JsonNode> params,
        Optional<JsonNode> result,
        Runtime runtime,
        Resources resources,
        Network network,
        List<String> credentials,
        List<FileMount> files,
        Optional<Trust> trust) {

    /** The same manifest asking for isolation {@code tier} (a wire name), e.g. from the command line. */
    public Manifest withIsolation(String tier) {
        return new Manifest(name, version, description, entrypoint, params, result,
                new Runtime(Optional.of(tier), runtime.image()), resources, network, credentials, files, trust);
    }

    /** The only manifest apiVersion this build reads. */
    public static final String API_VERSION = "skillbox/v1";

    public Manifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(description, "description");
        entrypoint = List.copyOf(entrypoint);
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(resources, "resources");
        Objects.requireNonNull(network, "network");
        credentials = List.copyOf(credentials);
        files = List.copyOf(files);
        Objects.requireNonNull(trust, "trust");
    }

    /**
     * {@code runtime:} — the requested isolation tier, by wire name ({@code namespaces}, {@code gvisor}, ...), and
     * the bundle-relative path of an OCI image whose filesystem is the sandbox's root.
     */
    public record Runtime(Optional<String> isolation, Optional<String> image) {
        public static final Runtime DEFAULT = new Runtime(Optional.empty(), Optional.empty());
    }

    /** {@code resources:} — each value is empty when the manifest leaves it to the policy's default. */
    public record Resources(
            Optional<Long> memoryBytes,
            Optional<Long> cpuMillis,
            Optional<Integer> pids,
            Optional<Duration> timeout,
            Optional<Long> outputBytes,
            Optional<Long> scratchBytes) {
        public static final Resources DEFAULT = new Resources(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** {@code network:} — mode {@code none}, {@code broker} or {@code allowlist}, and the allowlist's hosts. */
    public record Network(Optional<String> mode, List<String> hosts) {
        public static final Network DEFAULT = new Network(Optional.empty(), List.of());

        public Network {
            hosts = List.copyOf(hosts);
        }
    }

    /** One {@code files:} entry: a bundle-relative source mounted read-only at an absolute target. */
    public record FileMount(String source, String target, boolean readOnly) {}

    /** {@code trust:} — seed 002's declaration: {@code level}, {@code requires_review}, {@code approved_by}. */
    public record Trust(String level, Optional<Boolean> requiresReview, Optional<String> approvedBy) {}
}
