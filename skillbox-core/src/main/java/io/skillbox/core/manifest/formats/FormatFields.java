package io.skillbox.core.manifest.formats;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What every foreign format does with its fields: one-line descriptions, and saying which fields were only carried. */
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

    /** A scalar as text: version: 1.2 is a number to YAML but a version to its author. */
    static String scalar(JsonNode n) {
        return n.isNumber() ? n.decimalValue().toPlainString() : n.asString();
    }
}
