package io.skillbox.core.policy;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Quantities;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The policy's {@code images}, {@code profiles} (seed 002 III.A container profiles), {@code defaults.profile} and
 * {@code ceilings.requireLimits}. A profile field either maps onto what skillbox enforces or is refused here, when
 * the policy is read, naming the field: a profile that keeps a capability, writes its root or opens a network
 * could not be honoured, and the operator should learn that before a skill runs under it.
 */
final class ContainerSection {
    private static final String SECCOMP = "builtin:[a-z0-9][a-z0-9-]*|/.*";
    /** Seed 002 writes 256MB; Docker and skillbox read the M as MiB. */
    private static final String DECIMAL_UNIT = "([0-9]+)\\s*([KMGT])B";

    private ContainerSection() {}

    static Optional<Policy.Containers> read(JsonNode doc, List<Violation> problems) {
        int before = problems.size();
        Map<String, Path> images = images(doc.path("images"), problems);
        Map<String, ContainerProfile> profiles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : doc.path("profiles").properties()) {
            profile(e.getKey(), e.getValue(), images, problems).ifPresent(p -> profiles.put(e.getKey(), p));
        }
        JsonNode def = doc.path("defaults").path("profile");
        if (def.isString() && !profiles.containsKey(def.stringValue()) && problems.size() == before) {
            problems.add(new Violation("defaults.profile", "'" + def.stringValue() + "' is not a key of profiles "
                    + profiles.keySet(), "define profiles." + def.stringValue() + ", or name one of " + profiles.keySet()));
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Policy.Containers(images, profiles,
                def.isString() ? Optional.of(def.stringValue()) : Optional.empty(),
                doc.path("ceilings").path("requireLimits").asBoolean(false)));
    }

    private static Map<String, Path> images(JsonNode images, List<Violation> problems) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : images.properties()) {
            String text = e.getValue().stringValue();
            if (!text.equals(normalize(text))) {
                problems.add(new Violation("images." + e.getKey(), "'" + text + "' is not an absolute, normalized path",
                        "write the absolute path of the file docker save " + e.getKey() + " -o FILE wrote"));
            } else {
                out.put(e.getKey(), Path.of(text));
            }
        }
        return out;
    }

    private static Optional<ContainerProfile> profile(String name, JsonNode p, Map<String, Path> images,
            List<Violation> problems) {
        String field = "profiles." + name;
        int before = problems.size();
        List<String> notes = new ArrayList<>();
        Optional<String> image = text(p.path("image"));
        image.ifPresent(i -> {
            if (!images.containsKey(i)) {
                problems.add(new Violation(field + ".image", "'" + i + "' is not a key of images; skillbox never pulls",
                        "docker save " + i + " -o /var/lib/skillbox-images/FILE.tar where the image is, then add images: "
                                + "{ \"" + i + "\": /var/lib/skillbox-images/FILE.tar }"));
            } else {
                notes.add(field + ".image " + i + ": the root of skills that bring no image (" + images.get(i) + ")");
            }
        });
        if (p.has("cap_drop") && !texts(p.path("cap_drop")).contains("ALL")) {
            problems.add(new Violation(field + ".cap_drop", "does not drop ALL; skillbox keeps no capability in a sandbox",
                    "write cap_drop: [ALL]"));
        }
        Optional<String> seccomp = text(p.path("seccomp_profile"));
        seccomp.filter(s -> !s.matches(SECCOMP) || s.startsWith("/") && !s.equals(normalize(s))).ifPresent(s ->
                problems.add(new Violation(field + ".seccomp_profile", "'" + s + "' is neither builtin:<name> nor an "
                        + "absolute, normalized path", "use builtin:default or the path of a Docker/OCI JSON profile")));
        if (!p.path("read_only_fs").asBoolean(true)) {
            problems.add(new Violation(field + ".read_only_fs", "false cannot be honoured: a sandbox's root is always "
                    + "read-only", "write read_only_fs: true; skills write to /work and /tmp"));
        }
        Optional<Long> memory = limit(field + ".limits.memory", p.path("limits").path("memory"), true, problems);
        Optional<Long> cpu = limit(field + ".limits.cpu", p.path("limits").path("cpu"), false, problems);
        List<ContainerProfile.Volume> volumes = ProfileVolumes.read(field + ".volumes", p.path("volumes"), problems, notes);
        seccomp.ifPresent(s -> notes.add(field + ".seccomp_profile " + s + ": the run's seccomp filter"));
        memory.ifPresent(m -> notes.add(field + ".limits.memory: resources.memory " + Quantities.formatBytes(m)
                + " unless the skill states its own"));
        cpu.ifPresent(c -> notes.add(field + ".limits.cpu: resources.cpus " + Quantities.formatCpuMillis(c)
                + " unless the skill states its own"));
        notes.add(field + ": cap_drop ALL, read-only root and network isolated (mode none), as every sandbox");
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ContainerProfile(name, image, seccomp, memory, cpu, volumes, notes));
    }

    private static Optional<Long> limit(String field, JsonNode n, boolean bytes, List<Violation> problems) {
        if (n.isMissingNode()) {
            return Optional.empty();
        }
        String text = n.isNumber() ? n.decimalValue().toPlainString() : n.stringValue().strip();
        Optional<Long> value = bytes
                ? Quantities.parseBytes(text.toUpperCase(Locale.ROOT).matches(DECIMAL_UNIT)
                        ? text.toUpperCase(Locale.ROOT).replaceAll(DECIMAL_UNIT, "$1$2i") : text)
                : Quantities.parseCpuMillis(text);
        value = value.filter(v -> v > 0);
        if (value.isEmpty()) {
            problems.add(new Violation(field, "'" + text + "' is not in the expected syntax",
                    "write " + (bytes ? Quantities.BYTES_SYNTAX + " (256MB is read as 256Mi)" : Quantities.CPUS_SYNTAX)));
        }
        return value;
    }

    private static Optional<String> text(JsonNode n) {
        return n.isString() ? Optional.of(n.stringValue()) : Optional.empty();
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.stringValue().toUpperCase(Locale.ROOT)));
        return out;
    }

    static String normalize(String text) {
        try {
            Path path = Path.of(text).normalize();
            return path.isAbsolute() ? path.toString() : "";
        } catch (InvalidPathException e) {
            return "";
        }
    }
}
