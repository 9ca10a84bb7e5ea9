package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.manifest.ManifestDocuments;
import io.skillbox.core.manifest.ManifestFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Agent Skills (agentskills.io): a folder with {@code SKILL.md}, YAML front matter ({@code name},
 * {@code description}, optional {@code license}, {@code compatibility}, {@code metadata}, {@code allowed-tools})
 * over markdown instructions for a model, and optional {@code scripts/}, {@code references/}, {@code assets/}.
 * What skillbox can run of it are its scripts, one per run: the manifest has no entrypoint and lists the
 * scripts; {@link Scripts#forRun} turns the one a run chooses into the entrypoint.
 */
public final class AgentSkillFormat {
    public static final String FILE = "SKILL.md";
    public static final String LABEL = "SKILL.md (Agent Skills)";
    public static final ManifestFormat FORMAT = new ManifestFormat(FILE, LABEL, AgentSkillFormat::read);
    static final String SCHEMA = "agent-skill.schema.json";
    /** The version of a skill whose metadata gives none (or one skillbox cannot use). */
    static final String NO_VERSION = "0.0.0";

    private static final String VERSION = "[A-Za-z0-9._+-]{1,64}";
    private static final String DELIMITER = "---";
    private static final String START = "start SKILL.md with a line ---, then name: and description:, then a line ---, "
            + "then the instructions";

    private AgentSkillFormat() {}

    private static Optional<ManifestFormat.Read> read(Path root, String text, List<Violation> invalid,
            List<Violation> unsafe) {
        Optional<FrontMatter> split = FrontMatter.split(text, invalid);
        Optional<JsonNode> parsed = FormatFields.conforming(
                split.flatMap(f -> ManifestDocuments.mapping(f.yaml(), FILE + "'s front matter", START, invalid)), SCHEMA, invalid);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode doc = parsed.get();
        List<String> scripts = Scripts.list(root);
        String version = version(doc);
        Manifest manifest = new Manifest(doc.path("name").stringValue(), version,
                FormatFields.oneLine(doc.path("description").stringValue()), List.of(), Optional.empty(), Optional.empty(),
                Manifest.Runtime.DEFAULT, Manifest.Resources.DEFAULT, Manifest.Network.DEFAULT, List.of(), List.of(),
                Optional.empty(), scripts, List.of());
        return Optional.of(new ManifestFormat.Read(manifest, notes(root, doc, split.get(), scripts, version)));
    }

    private static String version(JsonNode doc) {
        JsonNode v = doc.path("metadata").path("version");
        String text = v.isMissingNode() ? "" : FormatFields.scalar(v);
        return text.matches(VERSION) ? text : NO_VERSION;
    }

    private static List<String> notes(Path root, JsonNode doc, FrontMatter f, List<String> scripts, String version) {
        List<String> notes = new ArrayList<>();
        notes.add(scripts.isEmpty()
                ? "no runnable files under scripts/: nothing of this skill runs in a sandbox"
                : scripts.size() + " script(s) under scripts/; a run chooses one with --script PATH -- ARGS (.py by "
                        + "python3, .sh by sh, or the #! line's interpreter); stdin goes to the script as is");
        if (!doc.path("name").stringValue().equals(String.valueOf(root.getFileName()))) {
            notes.add("name '" + doc.path("name").stringValue() + "' differs from the directory name '" + root.getFileName()
                    + "' (the specification asks that they match; skillbox runs it anyway)");
        }
        if (version.equals(NO_VERSION)) {
            notes.add("version " + NO_VERSION + ": metadata.version " + (doc.path("metadata").has("version")
                    ? "is not a usable version (1 to 64 of letters, digits, '.', '_', '+', '-')" : "is not set"));
        }
        FormatFields.informational(doc, List.of("license", "compatibility", "metadata", "allowed-tools"),
                "shown here, not enforced; a sandboxed script gets no agent tools").ifPresent(notes::add);
        notes.add("the markdown body (" + f.bodyLines() + " lines) is instructions for a model; skillbox does not read it");
        notes.add("no runtime, resources or network in SKILL.md: skill.yaml's defaults apply (network none)");
        return notes;
    }

    /**
     * SKILL.md cut at its front matter. The YAML keeps the file's line numbers (the opening delimiter becomes an
     * empty line), so that YAML errors point at the right line of SKILL.md.
     */
    record FrontMatter(String yaml, int bodyLines) {
        static Optional<FrontMatter> split(String text, List<Violation> invalid) {
            List<String> lines = text.lines().toList();
            if (lines.isEmpty() || !lines.getFirst().strip().equals(DELIMITER)) {
                invalid.add(new Violation(ManifestDocuments.DOCUMENT_FIELD, "SKILL.md does not start with YAML front matter",
                        START));
                return Optional.empty();
            }
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).strip().equals(DELIMITER)) {
                    String yaml = "\n" + String.join("\n", lines.subList(1, i)) + "\n";
                    return Optional.of(new FrontMatter(yaml, lines.size() - i - 1));
                }
            }
            invalid.add(new Violation(ManifestDocuments.DOCUMENT_FIELD, "SKILL.md's front matter has no closing line ---",
                    "end the front matter with a line --- before the instructions"));
            return Optional.empty();
        }
    }
}
