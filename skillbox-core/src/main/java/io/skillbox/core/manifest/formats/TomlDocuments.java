package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.ManifestDocuments;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlFactory;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Parsing a TOML manifest with the refusals of the YAML ones: the loader has already capped its size and
 * decoded it as strict UTF-8; TOML itself forbids duplicate keys and redefined tables (the parser refuses them),
 * and nesting is bounded as for every skillbox document. Dates stay text: no manifest field is a date.
 */
final class TomlDocuments {
    private static final TomlMapper TOML = TomlMapper.builder(TomlFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Json.MAX_DEPTH)
                            .maxStringLength(1 << 20)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .build();

    private TomlDocuments() {}

    /** The document as a tree, or empty with the parser's complaint and its line. */
    static Optional<JsonNode> parse(String text, String file, String start, List<Violation> invalid) {
        JsonNode doc;
        try {
            doc = TOML.readTree(text);
        } catch (JacksonException e) {
            String where = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " (line " + e.getLocation().getLineNr() + ")";
            invalid.add(new Violation(ManifestDocuments.DOCUMENT_FIELD,
                    file + " is not valid TOML: " + e.getOriginalMessage().lines().findFirst().orElse("") + where,
                    "fix the TOML at that line; keys and tables may appear only once"));
            return Optional.empty();
        }
        if (doc == null || doc.isMissingNode() || doc.isEmpty()) {
            invalid.add(new Violation(ManifestDocuments.DOCUMENT_FIELD, file + " is empty", start));
            return Optional.empty();
        }
        return Optional.of(doc);
    }
}
