package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.JsonSchemas;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.manifest.ManifestDocuments;
import io.skillbox.core.manifest.ManifestFormat;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Skillware skills (github.com/ARPAHLS/skillware): a folder with {@code manifest.yaml} and a {@code skill.py}
 * whose one class extends {@code skillware.core.base_skill.BaseSkill}. skillbox runs it through its own
 * runner ({@link SkillwareRunner}), which it provides read-only in the sandbox: the params go in on stdin,
 * {@code execute(params)} runs, the dict it returns comes out as JSON. {@code parameters} becomes the params
 * schema; the sandbox gets skill.yaml's defaults (network none, the policy's resources).
 */
public final class SkillwareFormat {
    public static final String FILE = "manifest.yaml";
    public static final String LABEL = "manifest.yaml (Skillware)";
    public static final ManifestFormat FORMAT = new ManifestFormat(FILE, LABEL, SkillwareFormat::read);
    static final String SCHEMA = "skillware-manifest.schema.json";
    static final String SKILL_FILE = "skill.py";

    private static final List<String> INFORMATIONAL = List.of("short_description", "issuer", "category", "outputs",
            "output", "constitution", "presentation");

    private SkillwareFormat() {}

    private static Optional<ManifestFormat.Read> read(Path root, String text, List<Violation> invalid,
            List<Violation> unsafe) {
        Optional<JsonNode> parsed = ManifestDocuments.mapping(text, FILE,
                "start manifest.yaml with name: category/skill_name and version: 0.1.0", invalid);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode doc = parsed.get();
        int before = invalid.size();
        invalid.addAll(JsonSchemas.validateOwn(SCHEMA, doc));
        if (doc.path("parameters").isObject()) {
            invalid.addAll(JsonSchemas.checkSchema(doc.path("parameters"), "parameters"));
        }
        requiredEnvironment(doc.path("env_vars"), invalid);
        if (!Files.isRegularFile(root.resolve(SKILL_FILE), LinkOption.NOFOLLOW_LINKS)) {
            invalid.add(new Violation("(bundle)/" + SKILL_FILE, "is missing or not a regular file; a Skillware skill's code is skill.py",
                    "add skill.py with one class that extends skillware.core.base_skill.BaseSkill, beside manifest.yaml"));
        }
        if (invalid.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ManifestFormat.Read(manifest(doc), notes(doc)));
    }

    /**
     * A required variable would be a secret or setting the skill cannot work without; skillbox passes no
     * environment into a sandbox, so such a skill is refused here instead of failing inside.
     */
    private static void requiredEnvironment(JsonNode envVars, List<Violation> invalid) {
        for (Map.Entry<String, JsonNode> e : envVars.properties()) {
            if (e.getValue().path("required").asBoolean(false)) {
                invalid.add(new Violation("env_vars." + e.getKey() + ".required",
                        "the skill needs the environment variable " + e.getKey() + ", and skillbox passes no host "
                                + "environment variables or raw secrets into a sandbox",
                        "give the skill the value another way (a param, or a file in the bundle for non-secrets); for "
                                + "an API key, write a skill.yaml with credentials: and network.mode: broker "
                                + "(docs/NETWORK.md); or set required: false if the skill works without it"));
            }
        }
    }

    private static Manifest manifest(JsonNode doc) {
        return new Manifest(
                doc.path("name").stringValue(),
                FormatFields.scalar(doc.path("version")),
                FormatFields.oneLine(doc.path("description").asString("")),
                SkillwareRunner.entrypoint(),
                doc.path("parameters").isObject() ? Optional.of(doc.path("parameters").deepCopy()) : Optional.empty(),
                Optional.empty(),
                Manifest.Runtime.DEFAULT,
                Manifest.Resources.DEFAULT,
                Manifest.Network.DEFAULT,
                List.of(),
                List.of(),
                Optional.empty(),
                List.of(),
                SkillwareRunner.files(doc));
    }

    private static List<String> notes(JsonNode doc) {
        List<String> notes = new ArrayList<>();
        notes.add("skill.py runs through skillbox's Skillware runner (" + SkillwareRunner.RUNNER + "): params on stdin, "
                + "execute(params), the returned dict as JSON on stdout; parameters is the params schema");
        FormatFields.informational(doc, INFORMATIONAL, "shown here, not enforced by skillbox").ifPresent(notes::add);
        List<String> requirements = new ArrayList<>();
        doc.path("requirements").forEach(r -> requirements.add(r.stringValue()));
        if (!requirements.isEmpty()) {
            notes.add("requirements " + requirements + ": never installed by skillbox; the runner checks they can be "
                    + "imported inside the sandbox (an operator provides them: docs/MANIFEST.md)");
        }
        for (Map.Entry<String, JsonNode> e : doc.path("env_vars").properties()) {
            notes.add("env_vars." + e.getKey() + " (optional): not set; skillbox passes no environment variables");
        }
        notes.add("no runtime, resources or network in manifest.yaml: skill.yaml's defaults apply (network none)");
        return notes;
    }
}
