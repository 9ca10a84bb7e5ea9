package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.JsonSchemas;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What every foreign format does with its fields: its schema, one-line descriptions, and saying which fields were only carried. */
final class FormatFields {
    /** skill.yaml's limit on a description, which a mapped one keeps too. */
    static final int MAX_DESCRIPTION = 1024;

    private FormatFields() {}

    /** A text field as one line of at most {@link #MAX_DESCRIPTION} characters (block scalars span lines). */
    static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_DESCRIPTION ? line : line.substring(0, MAX_DESCRIPTION - 3) + "...";
    }

    /** The note for fields that are read and shown but change nothing about how the skill runs. */
    static Optional<String> informational(JsonNode doc, List<String> names, String why) {
        List<String> present = names.stream().filter(doc::has).toList();
        return present.isEmpty() ? Optional.empty()
                : Optional.of(String.join(", ", present) + ": informational, " + why);
    }

    /** The parsed document if it conforms to the format's own schema; otherwise its problems go to {@code invalid}. */
    static Optional<JsonNode> conforming(Optional<JsonNode> parsed, String schema, List<Violation> invalid) {
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        List<Violation> problems = JsonSchemas.validateOwn(schema, parsed.get());
        invalid.addAll(problems);
        return problems.isEmpty() ? parsed : Optional.empty();
    }

    /** A scalar as text: version: 1.2 is a number to YAML but a version to its author. */
    static String scalar(JsonNode n) {
        return n.isNumber() ? n.decimalValue().toPlainString() : n.asString();
    }
}
