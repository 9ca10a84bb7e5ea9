package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.manifest.ManifestFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * skill-engine skills (seed 004): a {@code .skill-engine.toml} with one {@code [skills.NAME]} table whose
 * {@code runtime = "docker"} and whose {@code [skills.NAME.docker]} says how the container starts. skillbox has
 * no Docker backend: the container becomes an OCI-tier sandbox whose root is the image ({@link DockerTable}),
 * under seed 004's security checks (no privileged flags, no Docker socket or other host path, no host network,
 * no root user) and the policy's ceilings like any other skill.
 */
public final class SkillEngineFormat {
    public static final String FILE = ".skill-engine.toml";
    public static final String LABEL = ".skill-engine.toml (skill-engine)";
    public static final ManifestFormat FORMAT = new ManifestFormat(FILE, LABEL, SkillEngineFormat::read);
    static final String SCHEMA = "skill-engine.schema.json";
    /** A skill-engine skill has no version of its own; the file's {@code version} is the format's. */
    static final String NO_VERSION = "0.0.0";

    private static final String NAME = "^(?!.*\\.\\.)(?!.*//)(?!.*/$)[a-z0-9][a-z0-9._/-]{0,127}$";
    private static final String START = "start .skill-engine.toml with version = \"1\", then one [skills.NAME] table "
            + "with runtime = \"docker\" and a [skills.NAME.docker] table with image";

    private SkillEngineFormat() {}

    private static Optional<ManifestFormat.Read> read(Path root, String text, List<Violation> invalid,
            List<Violation> unsafe) {
        Optional<JsonNode> parsed = FormatFields.conforming(TomlDocuments.parse(text, FILE, START, invalid), SCHEMA, invalid);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode doc = parsed.get();
        int before = invalid.size() + unsafe.size();
        Optional<String> name = oneSkill(doc.path("skills"), invalid);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String prefix = "skills." + name.get();
        JsonNode skill = doc.path("skills").path(name.get());
        checkSkill(doc, skill, name.get(), prefix, invalid);
        if (invalid.size() + unsafe.size() > before) {
            return Optional.empty(); // the docker table is judged only for a skill skillbox can run at all
        }
        Optional<DockerTable.Mapped> docker = DockerTable.map(root, prefix + ".docker", skill.path("docker"), invalid, unsafe);
        if (docker.isEmpty() || invalid.size() + unsafe.size() > before) {
            return Optional.empty();
        }
        DockerTable.Mapped d = docker.get();
        Manifest manifest = new Manifest(name.get(), NO_VERSION, FormatFields.oneLine(skill.path("description").asString("")),
                d.entrypoint(), Optional.empty(), Optional.empty(), d.runtime(), d.resources(), Manifest.Network.DEFAULT,
                List.of(), d.files(), Optional.empty(), List.of(), List.of());
        return Optional.of(new ManifestFormat.Read(manifest, notes(skill, prefix, d.notes())));
    }

    /** One bundle is one skill: a file listing several is refused rather than one of them guessed. */
    private static Optional<String> oneSkill(JsonNode skills, List<Violation> invalid) {
        List<String> names = new ArrayList<>();
        skills.properties().forEach(e -> names.add(e.getKey()));
        if (names.size() != 1) {
            invalid.add(new Violation("skills", "defines " + names.size() + " skills " + names
                    + "; a skillbox bundle is one skill, so which one to run is ambiguous",
                    "keep one [skills.NAME] table in this bundle's .skill-engine.toml and give each other skill a "
                            + "bundle (directory) of its own"));
            return Optional.empty();
        }
        if (!names.getFirst().matches(NAME)) {
            invalid.add(new Violation("skills." + names.getFirst(), "the skill name '" + names.getFirst()
                    + "' is not a skillbox name (1 to 128 of lowercase letters, digits, '.', '_', '/', '-')",
                    "rename the table, e.g. [skills." + names.getFirst().toLowerCase().replaceAll("[^a-z0-9._/-]", "-") + "]"));
            return Optional.empty();
        }
        return Optional.of(names.getFirst());
    }

    private static void checkSkill(JsonNode doc, JsonNode skill, String name, String prefix, List<Violation> invalid) {
        String runtime = skill.path("runtime").asString("wasm");
        if (!runtime.equals("docker")) {
            invalid.add(new Violation(prefix + ".runtime", (skill.has("runtime") ? "is '" + runtime + "'"
                    : "is not set, and skill-engine's default is wasm") + "; skillbox runs the runtime = \"docker\" "
                    + "skills of a .skill-engine.toml (on its OCI tier)",
                    "set runtime = \"docker\" with a [" + prefix + ".docker] table; for a script or a native tool, write "
                            + "a skill.yaml (or a SKILL.md) instead"));
        } else if (!skill.has("docker")) {
            invalid.add(new Violation(prefix + ".docker", "is missing; runtime = \"docker\" needs it",
                    "add a [" + prefix + ".docker] table with at least image and entrypoint"));
        }
        if (!doc.path("defaults").isEmpty()) {
            invalid.add(new Violation("defaults." + doc.path("defaults").propertyNames().iterator().next(),
                    "skill-engine's instance defaults (config, env, capabilities) have no meaning in skillbox",
                    "remove [defaults]; limits go in [" + prefix + ".docker] (memory, cpus)"));
        }
        for (Map.Entry<String, JsonNode> instance : skill.path("instances").properties()) {
            if (!instance.getValue().isEmpty()) {
                invalid.add(new Violation(prefix + ".instances." + instance.getKey() + "."
                        + instance.getValue().propertyNames().iterator().next(),
                        "instance config, env and capabilities are not supported: skillbox passes no host environment, "
                                + "config or extra capability into a sandbox",
                        "pass settings as params, as literal docker.environment entries, or as files in the bundle; "
                                + "leave the instance table empty or remove it"));
            }
        }
    }

    private static List<String> notes(JsonNode skill, String prefix, List<String> docker) {
        List<String> notes = new ArrayList<>();
        notes.add(prefix + " runs as a skillbox sandbox on the OCI tier (runc by default): skillbox has no Docker "
                + "backend, and never pulls images");
        notes.addAll(docker);
        notes.add("version " + NO_VERSION + ": a skill-engine skill has no version of its own");
        FormatFields.informational(skill, List.of("source", "default_instance", "ref", "services", "instances"),
                "shown here, not used: skillbox runs the bundle with docker.image, starts no service, has no instances")
                .ifPresent(notes::add);
        notes.add("no params schema: the params document goes to the program's stdin as JSON; network none");
        return notes;
    }
}
