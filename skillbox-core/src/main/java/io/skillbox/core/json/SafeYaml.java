package io.skillbox.core.json;

import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Reads YAML written by people we do not trust: one document, no anchors or aliases, no tags beyond
 * the core schema's, no duplicate keys, bounded size and depth.
 *
 * <p>Jackson's YAML parser does not expand aliases: it silently turns {@code *x} into the string
 * {@code "x"}, so the {@link Json#yaml()} settings alone neither bomb nor refuse. A low-level event scan
 * runs first to refuse anchors, aliases and exotic tags by name, with their line. Problems become
 * {@link Violation}s so that callers report them together with everything else they found.
 */
public final class SafeYaml {
    private static final Set<String> CORE_TAGS = Set.of(
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq");

    private static final LoadSettings SCAN_SETTINGS = LoadSettings.builder()
            .setCodePointLimit(Json.MAX_YAML_CODE_POINTS)
            .build();

    /** Texts up to this size are memoized after an accepted parse; larger ones are rare and parsed each time. */
    private static final int MEMO_MAX_CHARS = 64 * 1024;
    private static final Memo<String, Optional<JsonNode>> ACCEPTED = new Memo<>(256);

    private SafeYaml() {}

    /**
     * Parses one YAML document. Returns empty (and adds violations under {@code field}) when it is
     * not acceptable; returns a {@link MissingNode} for an empty document, which callers judge.
     *
     * @param kind what the document is, in the plural, for messages ("manifests", "policies")
     */
    public static Optional<JsonNode> parse(String text, String field, String kind, List<Violation> problems) {
        if (text.length() <= MEMO_MAX_CHARS) {
            List<Violation> found = new java.util.ArrayList<>();
            // Only clean parses are memoized, and callers get a copy: the tree is mutable.
            Optional<JsonNode> memo = ACCEPTED.get(text, t -> {
                Optional<JsonNode> parsed = parseOnce(t, field, kind, found);
                return found.isEmpty() ? parsed : null;
            });
            if (memo != null) {
                return memo.map(JsonNode::deepCopy);
            }
            problems.addAll(found);
            return Optional.empty();
        }
        return parseOnce(text, field, kind, problems);
    }

    private static Optional<JsonNode> parseOnce(String text, String field, String kind, List<Violation> problems) {
        int before = problems.size();
        scanEvents(text, field, kind, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.yaml().readTree(text);
            return Optional.of(node == null ? MissingNode.getInstance() : node);
        } catch (JacksonException e) {
            problems.add(describe(e, field));
            return Optional.empty();
        }
    }

    /** Reads at most {@code maxBytes + 1} bytes, so that a caller sees "too large" without reading it all. */
    public static byte[] readAtMost(Path file, int maxBytes, OpenOption... options) throws IOException {
        try (InputStream in = Files.newInputStream(file, options)) {
            return in.readNBytes(maxBytes + 1);
        }
    }

    /** Decodes strict UTF-8 (a leading BOM is dropped); adds a violation and returns empty otherwise. */
    public static Optional<String> decodeUtf8(byte[] bytes, String field, List<Violation> problems) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            problems.add(new Violation(field, "is not valid UTF-8 text", "save the file as UTF-8"));
            return Optional.empty();
        }
    }

    private static void scanEvents(String text, String field, String kind, List<Violation> problems) {
        EventTally tally = new EventTally();
        try {
            for (Event event : new Parse(SCAN_SETTINGS).parseString(text)) {
                tally.add(event);
            }
        } catch (MarkedYamlEngineException e) {
            problems.add(new Violation(field, "is not valid YAML" + at(e.getProblemMark()) + ": " + e.getProblem(),
                    "fix the YAML syntax at that position (indentation, quotes, brackets)"));
            return;
        } catch (YamlEngineException e) {
            problems.add(new Violation(field, "is not valid YAML: " + e.getMessage(), "fix the YAML syntax"));
            return;
        }
        tally.report(field, kind, problems);
    }

    private static Violation describe(JacksonException e, String field) {
        String message = String.valueOf(e.getOriginalMessage());
        TokenStreamLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        if (message.startsWith("Duplicate Object property ")) {
            String key = message.substring("Duplicate Object property ".length()).replace("\"", "");
            return new Violation(field, "duplicate key '" + key + "'" + where,
                    "keep one '" + key + "' in that mapping and delete the other (which one counts would be ambiguous)");
        }
        if (message.startsWith("Document nesting depth")) {
            return new Violation(field, "is nested deeper than " + Json.MAX_DEPTH + " levels", "flatten the document");
        }
        return new Violation(field, "cannot be read" + where + ": " + message, "fix the YAML at that position");
    }

    static String at(Optional<Mark> mark) {
        return mark.map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)).orElse("");
    }

    /** Counts what the scan refuses, reporting each kind once with its first position (bombs repeat). */
    private static final class EventTally {
        private int documents;
        private int aliases;
        private String firstAlias;
        private String firstTag;

        void add(Event event) {
            if (event instanceof DocumentStartEvent) {
                documents++;
            }
            if (event instanceof AliasEvent alias) {
                aliases++;
                noteAlias("alias *" + alias.getAlias().getValue() + at(event.getStartMark()));
            } else if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                aliases++;
                noteAlias("anchor &" + node.getAnchor().get().getValue() + at(event.getStartMark()));
            }
            Optional<String> tag = event instanceof ScalarEvent s ? s.getTag()
                    : event instanceof CollectionStartEvent c ? c.getTag() : Optional.empty();
            if (firstTag == null && tag.isPresent() && !CORE_TAGS.contains(tag.get())) {
                firstTag = tag.get().replace("tag:yaml.org,2002:", "!!") + " (" + at(event.getStartMark()).strip() + ")";
            }
        }

        private void noteAlias(String what) {
            if (firstAlias == null) {
                firstAlias = what;
            }
        }

        void report(String field, String kind, List<Violation> problems) {
            if (documents > 1) {
                problems.add(new Violation(field, "holds " + documents + " YAML documents (separated by '---')",
                        "keep exactly one document in the file"));
            }
            if (aliases > 0) {
                problems.add(new Violation(field,
                        "YAML aliases/anchors are not allowed in " + kind + " (found " + aliases
                                + ", the first is " + firstAlias + ")",
                        "write every value out in full instead of using &anchor and *alias"));
            }
            if (firstTag != null) {
                problems.add(new Violation(field, "YAML tag " + firstTag + " is not allowed",
                        "remove the tag; only plain YAML values (and !!str, !!int, !!float, !!bool, !!null) are read"));
            }
        }
    }
}
