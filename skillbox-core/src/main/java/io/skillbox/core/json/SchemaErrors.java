package io.skillbox.core.json;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.skillbox.core.error.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/**
 * Turns the validator's errors into violations a person can act on: the field in document terms
 * ({@code resources.memory}, {@code params.items[2]}), what is wrong, and how to fix it. The library's
 * own messages name schema keywords; users of skillbox should not need to know JSON Schema.
 */
final class SchemaErrors {
    private static final int MAX_SHOWN_CHARS = 60;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$-]+");

    private final JsonNode rootSchema;
    private final String rootField;
    private final boolean ownSchema;

    /**
     * @param rootSchema the schema document the errors refer to, or null (e.g. the meta-schema); used to
     *                   list a mapping's allowed fields and to find descriptions
     * @param rootField  the prefix of every field ("" for a whole document, {@code params} for a params document)
     * @param ownSchema  whether the schema is one of ours, whose descriptions are written to serve as fixes
     */
    SchemaErrors(JsonNode rootSchema, String rootField, boolean ownSchema) {
        this.rootSchema = rootSchema;
        this.rootField = rootField;
        this.ownSchema = ownSchema;
    }

    List<Violation> translate(List<Error> errors) {
        // Errors from the branches of one anyOf/oneOf describe one failure; report it once.
        Map<String, List<Error>> groups = new LinkedHashMap<>();
        for (int i = 0; i < errors.size(); i++) {
            Error e = errors.get(i);
            groups.computeIfAbsent(groupKey(e, i), k -> new ArrayList<>()).add(e);
        }
        LinkedHashSet<Violation> out = new LinkedHashSet<>();
        for (List<Error> group : groups.values()) {
            out.add(group.size() == 1 ? one(group.getFirst()) : alternatives(group));
        }
        return List.copyOf(out);
    }

    private static String groupKey(Error e, int index) {
        NodePath eval = e.getEvaluationPath();
        for (int i = 0; eval != null && i < eval.getNameCount(); i++) {
            String name = eval.getName(i);
            if (name.equals("anyOf") || name.equals("oneOf")) {
                return e.getInstanceLocation() + "|" + prefix(eval, i + 1);
            }
        }
        return "#" + index;
    }

    private static String prefix(NodePath path, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append('/').append(path.getName(i));
        }
        return b.toString();
    }

    private Violation alternatives(List<Error> group) {
        String problems = group.stream().map(e -> one(e).problem()).distinct().collect(Collectors.joining("; or "));
        return new Violation(field(group.getFirst().getInstanceLocation()),
                "matches none of the allowed forms: " + problems, "change it to match one of them");
    }

    private Violation one(Error e) {
        String field = field(e.getInstanceLocation());
        JsonNode value = e.getInstanceNode();
        JsonNode rule = e.getSchemaNode();
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        return switch (keyword) {
            case "additionalProperties", "unevaluatedProperties" -> unknownField(e);
            case "required" -> missingField(e);
            case "type" -> new Violation(field, "expected " + typeNames(rule) + ", found " + kindOf(value), typeFix(e));
            case "enum" -> new Violation(field, show(value) + " is not one of the allowed values",
                    "use one of: " + listValues(rule));
            case "const" -> new Violation(field, "must be " + plain(rule) + ", found " + show(value),
                    "set it to " + plain(rule));
            case "pattern" -> new Violation(field, show(value) + " is not in the expected format",
                    described(e).orElse("use a value matching the regular expression " + plain(rule)));
            case "minLength" -> new Violation(field, "is too short: at least " + rule + " characters are required",
                    described(e).orElse("use at least " + rule + " characters"));
            case "maxLength" -> new Violation(field, "is too long: at most " + rule + " characters are allowed",
                    described(e).orElse("shorten it to at most " + rule + " characters"));
            case "minItems" -> new Violation(field, "has " + value.size() + " items but needs at least " + rule,
                    described(e).orElse("add items until there are at least " + rule));
            case "maxItems" -> new Violation(field, "has " + value.size() + " items but at most " + rule + " are allowed",
                    "remove items until there are at most " + rule);
            case "minimum" -> bound(e, "is below the minimum " + rule, "use " + rule + " or more");
            case "exclusiveMinimum" -> bound(e, "must be greater than " + rule, "use a value greater than " + rule);
            case "maximum" -> bound(e, "is above the maximum " + rule, "use " + rule + " or less");
            case "exclusiveMaximum" -> bound(e, "must be less than " + rule, "use a value less than " + rule);
            case "uniqueItems" -> new Violation(field, "contains the same item more than once", "remove the duplicates");
            case "minProperties" -> new Violation(field, "needs at least " + rule + " fields", "add fields");
            case "maxProperties" -> new Violation(field, "has more than " + rule + " fields", "remove fields");
            case "multipleOf" -> new Violation(field, show(value) + " is not a multiple of " + rule,
                    "use a multiple of " + rule);
            case "format" -> new Violation(field, show(value) + " is not a valid " + plain(rule),
                    "write a valid " + plain(rule));
            default -> new Violation(field, e.getMessage(),
                    "change it so that it satisfies the schema's '" + keyword + "' rule");
        };
    }

    private Violation bound(Error e, String problem, String fix) {
        return new Violation(field(e.getInstanceLocation()), show(e.getInstanceNode()) + " " + problem,
                described(e).orElse(fix));
    }

    private Violation unknownField(Error e) {
        String name = e.getProperty() != null ? e.getProperty() : String.valueOf(e.getArguments()[0]);
        String parent = parentLabel(e.getInstanceLocation());
        Optional<List<String>> allowed = subschema(e).map(s -> names(s.path("properties")));
        String fix = allowed.map(names -> names.isEmpty()
                        ? "remove it; " + parent + " takes no fields"
                        : "remove it; allowed " + parent + " are: " + String.join(", ", names)
                                + Suggestions.closest(name, names).map(s -> " (did you mean '" + s + "'?)").orElse(""))
                .orElse("remove it");
        return new Violation(join(path(e.getInstanceLocation()), name), "unknown field '" + name + "'", fix);
    }

    private Violation missingField(Error e) {
        String name = e.getProperty() != null ? e.getProperty() : String.valueOf(e.getArguments()[0]);
        String hint = ownSchema
                ? subschema(e).map(s -> s.path("properties").path(name).path("description"))
                        .filter(JsonNode::isString).map(d -> ": " + d.stringValue()).orElse("")
                : "";
        return new Violation(join(path(e.getInstanceLocation()), name),
                "required field '" + name + "' is missing", "add " + name + hint);
    }

    private String typeFix(Error e) {
        JsonNode rule = e.getSchemaNode();
        List<String> types = rule.isArray() ? texts(rule) : List.of(rule.asString());
        if (types.equals(List.of("object"))) {
            return "write it as a mapping of fields (key: value)";
        } else if (types.equals(List.of("array"))) {
            return "write it as a list, e.g. [a, b]";
        }
        return described(e).orElse("write it as " + typeNames(rule));
    }

    /** For our own schemas, the failing subschema's description is the fix ("use 1 to 128 of ..."). */
    private Optional<String> described(Error e) {
        if (!ownSchema) {
            return Optional.empty();
        }
        return subschema(e).map(s -> s.path("description")).filter(JsonNode::isString).map(d -> "use " + d.stringValue());
    }

    /** The schema object holding the failing keyword, found in the root document by the error's location. */
    private Optional<JsonNode> subschema(Error e) {
        if (rootSchema == null || e.getSchemaLocation() == null || e.getSchemaLocation().getFragment() == null) {
            return Optional.empty();
        }
        NodePath fragment = e.getSchemaLocation().getFragment();
        int count = fragment.getNameCount();
        if (count == 0) {
            return Optional.empty();
        }
        JsonNode node = rootSchema;
        for (int i = 0; i < count - 1; i++) {
            Object element = fragment.getElement(i);
            node = element instanceof Integer n ? node.path(n) : node.path(element.toString());
        }
        // Only trust the walk if it lands on the very rule that failed (an embedded $id could move the base).
        JsonNode found = node.path(fragment.getName(count - 1));
        return node.isObject() && found.equals(e.getSchemaNode()) ? Optional.of(node) : Optional.empty();
    }

    /** The field of an instance location; "(root)" for the whole document when there is no prefix. */
    String field(NodePath location) {
        String path = path(location);
        return path.isEmpty() ? "(root)" : path;
    }

    private String path(NodePath location) {
        StringBuilder b = new StringBuilder(rootField);
        for (int i = 0; location != null && i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer n) {
                b.append('[').append(n).append(']');
            } else {
                b.replace(0, b.length(), join(b.toString(), element.toString()));
            }
        }
        return b.toString();
    }

    private String parentLabel(NodePath location) {
        String parent = path(location);
        return parent.isEmpty() ? "top-level fields" : "fields of " + parent;
    }

    /** Appends a key in dotted form, or bracketed and quoted when it is not a plain name. */
    static String join(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    private static List<String> names(JsonNode properties) {
        return List.copyOf(properties.propertyNames());
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }

    private static String typeNames(JsonNode rule) {
        List<String> types = rule.isArray() ? texts(rule) : List.of(rule.asString());
        return types.stream().map(SchemaErrors::typeName).collect(Collectors.joining(" or "));
    }

    private static String typeName(String type) {
        return switch (type) {
            case "string" -> "a string";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "null" -> "null";
            default -> type;
        };
    }

    static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "a whole number" : "a number";
            case BOOLEAN -> "true/false";
            case NULL -> "null (an empty value)";
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String listValues(JsonNode values) {
        return StreamSupport.stream(values.spliterator(), false).map(SchemaErrors::plain).collect(Collectors.joining(", "));
    }

    /** A schema value as a person would type it: strings bare, the rest as JSON. */
    private static String plain(JsonNode node) {
        return truncate(node.isString() ? node.stringValue() : node.toString());
    }

    /** An instance value quoted for a message, cut short: attacker-sized values must not flood logs. */
    static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "the value";
        }
        return value.isString() ? "'" + truncate(value.stringValue()) + "'" : truncate(value.toString());
    }

    private static String truncate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_SHOWN_CHARS ? clean : clean.substring(0, MAX_SHOWN_CHARS) + "...";
    }
}
