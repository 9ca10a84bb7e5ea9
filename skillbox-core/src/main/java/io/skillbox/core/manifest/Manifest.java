package io.skillbox.core.manifest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A skill's manifest ({@code skill.yaml}, {@code apiVersion: skillbox/v1}) after schema validation, or
 * what a manifest of another format ({@link io.skillbox.core.manifest.formats}) maps onto. Optional fields
 * are empty when the manifest omits them; the policy compiler fills them from the policy's defaults. This
 * record never holds a value the schema rejected.
 *
 * @param name        lowercase letters, digits, '-', '_', '/', '.'
 * @param version     the skill's version (semver recommended, not required)
 * @param description one line for humans and for the model choosing a tool
 * @param entrypoint  argv; relative paths resolve inside the bundle. Empty when each run chooses one of
 *                    {@code scripts} instead (Agent Skills)
 * @param params      JSON Schema of the params document, if declared
 * @param result      JSON Schema of the result document, if declared
 * @param runtime     requested isolation tier
 * @param resources   requested limits
 * @param network     requested network access
 * @param credentials brokered capabilities the skill asks for (never raw keys)
 * @param files       bundle files mounted elsewhere in the sandbox
 * @param trust       the skill's own trust declaration (informational; never raises trust)
 * @param scripts     bundle files a run may choose with {@code --script} when the entrypoint is empty, sorted
 * @param provided    read-only files skillbox itself places in the sandbox to run this format (e.g. the
 *                    Skillware runner); never taken from the bundle. Empty for skill.yaml
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
        Optional<Trust> trust,
        List<String> scripts,
        List<ProvidedFile> provided) {

    /** The same manifest asking for isolation {@code tier} (a wire name), e.g. from the command line. */
    public Manifest withIsolation(String tier) {
        return new Manifest(name, version, description, entrypoint, params, result,
                runtime.withIsolation(tier), resources, network, credentials, files, trust, scripts,
                provided);
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
        scripts = List.copyOf(scripts);
        provided = List.copyOf(provided);
    }

    /** A skill.yaml manifest: one entrypoint, nothing provided by skillbox. */
    public Manifest(String name, String version, String description, List<String> entrypoint, Optional<JsonNode> params,
            Optional<JsonNode> result, Runtime runtime, Resources resources, Network network, List<String> credentials,
            List<FileMount> files, Optional<Trust> trust) {
        this(name, version, description, entrypoint, params, result, runtime, resources, network, credentials, files,
                trust, List.of(), List.of());
    }

    /** This manifest with another entrypoint, e.g. the script a run of an Agent Skills skill chose. */
    public Manifest withEntrypoint(List<String> argv) {
        return new Manifest(name, version, description, argv, params, result, runtime, resources, network, credentials,
                files, trust, scripts, provided);
    }

    /**
     * {@code runtime:} — how the skill's process is started.
     *
     * @param isolation      the requested isolation tier, by wire name ({@code namespaces}, {@code gvisor}, ...)
     * @param image          the bundle-relative path of an OCI image whose filesystem is the sandbox's root
     * @param imageReference an image named by reference ({@code python:3.12-slim}), never pulled: the policy's
     *                       {@code images} map must provide it. Never set together with {@code image}
     * @param profile        the name of a container profile of the policy ({@code profiles}) the skill runs under
     * @param environment    literal variables the skill sets for itself (skill-engine's {@code docker.environment});
     *                       never a host variable, never one skillbox sets
     * @param workdirAlias   an absolute path that leads to the scratch {@code /work} (a symlink), for skills written
     *                       for another working directory (skill-engine's {@code ${SKILL_WORKDIR}:/workdir})
     */
    public record Runtime(Optional<String> isolation, Optional<String> image, Optional<String> imageReference,
            Optional<String> profile, Map<String, String> environment, Optional<String> workdirAlias) {
        public static final Runtime DEFAULT = new Runtime(Optional.empty(), Optional.empty());

        public Runtime {
            Objects.requireNonNull(isolation, "isolation");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(imageReference, "imageReference");
            Objects.requireNonNull(profile, "profile");
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
            Objects.requireNonNull(workdirAlias, "workdirAlias");
            if (image.isPresent() && imageReference.isPresent()) {
                throw new IllegalArgumentException("an image is either a bundle path or a reference, not both");
            }
        }

        /** skill.yaml's runtime: a tier and a bundle image. */
        public Runtime(Optional<String> isolation, Optional<String> image) {
            this(isolation, image, Optional.empty(), Optional.empty(), Map.of(), Optional.empty());
        }

        /** The same runtime on tier {@code tier}. */
        public Runtime withIsolation(String tier) {
            return new Runtime(Optional.of(tier), image, imageReference, profile, environment, workdirAlias);
        }

        /** Whether the root filesystem comes from an image (of the bundle or the operator's). */
        public boolean hasImage() {
            return image.isPresent() || imageReference.isPresent();
        }
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

    /**
     * A file skillbox writes into the sandbox, read-only (mode 0444), for a format it adapts: it is part of
     * skillbox, not of the skill, and is never written into the bundle.
     *
     * @param target  an absolute, normalized path under {@value #PROVIDED_ROOT}
     * @param content the file's text
     * @param purpose one line saying what it is, for {@code skillbox check}
     */
    public record ProvidedFile(String target, String content, String purpose) {
        /** Everything skillbox provides lives below this directory, apart from the bundle and the system paths. */
        public static final String PROVIDED_ROOT = "/opt/skillbox/";

        public ProvidedFile {
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(purpose, "purpose");
            if (!target.startsWith(PROVIDED_ROOT) || !Path.of(target).normalize().toString().equals(target)) {
                throw new IllegalArgumentException("a provided file must be a normalized path under " + PROVIDED_ROOT + ": " + target);
            }
        }
    }

    /** {@code trust:} — seed 002's declaration: {@code level}, {@code requires_review}, {@code approved_by}. */
    public record Trust(String level, Optional<Boolean> requiresReview, Optional<String> approvedBy) {}
}
