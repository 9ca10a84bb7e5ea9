package io.skillbox.core.manifest;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.SafeYaml;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Parsing the YAML of a manifest of any format, with the same refusals (aliases, tags, duplicate keys, bombs). */
public final class ManifestDocuments {
    /** The field that problems with a manifest document as a whole are reported under. */
    public static final String DOCUMENT_FIELD = "(manifest)";

    private ManifestDocuments() {}

    /**
     * Parses {@code yaml} as one YAML mapping.
     *
     * @param file  the file's name, for messages ({@code skill.yaml})
     * @param start what the file should start with, as a fix ("start skill.yaml with apiVersion: skillbox/v1, ...")
     * @return empty, with violations added, unless it is a mapping
     */
    public static Optional<JsonNode> mapping(String yaml, String file, String start, List<Violation> invalid) {
        Optional<JsonNode> doc = SafeYaml.parse(yaml, DOCUMENT_FIELD, "manifests", invalid);
        if (doc.isPresent() && !doc.get().isObject()) {
            invalid.add(new Violation(DOCUMENT_FIELD,
                    doc.get().isMissingNode() ? file + " is empty" : "must be a mapping of fields, not a single value or a list",
                    start));
            return Optional.empty();
        }
        return doc;
    }
}
