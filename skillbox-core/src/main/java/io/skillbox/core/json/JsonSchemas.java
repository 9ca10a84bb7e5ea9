package io.skillbox.core.json;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.ValidationLimitExceededException;
import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * JSON Schema validation (draft 2020-12) with messages in skillbox's terms.
 *
 * <p>Nothing is ever fetched: the registry may load only the draft meta-schemas, which the validator
 * ships on its classpath. A {@code $ref} to anything else ({@code https:}, {@code file:},
 * {@code classpath:}) fails at once instead of reaching out, so a skill's params schema cannot make
 * the host open connections or read its files.
 */
public final class JsonSchemas {
    /** The dialect user schemas are read as, and the only one they may declare. */
    public static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    /** The manifest schema's file name under {@code io/skillbox/schemas/}. */
    public static final String MANIFEST_SCHEMA = "skill-manifest.schema.json";
    /** The policy schema's file name under {@code io/skillbox/schemas/}. */
    public static final String POLICY_SCHEMA = "policy.schema.json";

    private static final String SCHEMAS_ON_CLASSPATH = "/io/skillbox/schemas/";
    private static final int MAX_CACHED_USER_SCHEMAS = 256;

    /**
     * A schema can recurse in place ({@code $ref: "#"}) and would overflow the stack; these bounds turn
     * that into a violation. Legitimate documents are at most {@link Json#MAX_DEPTH} deep.
     */
    private static final int MAX_EVALUATION_DEPTH = 256;
    private static final long MAX_EVALUATION_STEPS = 1_000_000;
    private static final Consumer<ExecutionContext> LIMITS = context -> context.executionConfig(
            config -> config.maxEvaluationDepth(MAX_EVALUATION_DEPTH).maxEvaluationSteps(MAX_EVALUATION_STEPS));

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.allow(JsonSchemas::isShippedMetaSchema)));

    private static final Map<String, Compiled> OWN = new ConcurrentHashMap<>();

    /** Compiled user schemas by content, least recently used evicted; guarded by its own lock. */
    private static final Map<JsonNode, Schema> USER = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonNode, Schema> eldest) {
            return size() > MAX_CACHED_USER_SCHEMAS;
        }
    };

    private record Compiled(JsonNode node, Schema schema) {}

    private JsonSchemas() {}

    /**
     * Validates {@code instance} against a user-supplied schema (e.g. a manifest's {@code params}).
     * Each error becomes a violation whose field is {@code rootField} plus the instance location,
     * e.g. {@code params.city} or {@code params.items[2]}. A schema that cannot be used (one
     * {@link #checkSchema} would refuse) yields a violation on {@code rootField}, never an exception.
     */
    public static List<Violation> validate(JsonNode schema, JsonNode instance, String rootField) {
        SchemaErrors errors = new SchemaErrors(schema, rootField, false);
        try {
            return errors.translate(userSchema(schema).validate(instance, LIMITS));
        } catch (SchemaException e) {
            return List.of(unusable(rootField, e));
        } catch (ValidationLimitExceededException e) {
            return List.of(tooComplex(rootField, e));
        }
    }

    /**
     * Checks that {@code schema} is a usable draft 2020-12 JSON Schema: it matches the meta-schema,
     * declares no other dialect, and compiles (local {@code $ref}s resolve, regular expressions parse).
     * Violations are named {@code field} plus the location inside the schema, e.g. {@code params.properties.city.type}.
     */
    public static List<Violation> checkSchema(JsonNode schema, String field) {
        // Keyed by a copy: the caller's tree is mutable, and a key must never change.
        return CHECKED.get(new Checked(schema.deepCopy(), field), key -> checkSchemaOnce(key.schema(), key.field()));
    }

    private record Checked(JsonNode schema, String field) {}

    private static final Memo<Checked, List<Violation>> CHECKED = new Memo<>(MAX_CACHED_USER_SCHEMAS);

    private static List<Violation> checkSchemaOnce(JsonNode schema, String field) {
        if (!schema.isObject() && !schema.isBoolean()) {
            return List.of(new Violation(field, "must be a JSON Schema, found " + SchemaErrors.kindOf(schema),
                    "write it as a mapping, e.g. { type: object, properties: { city: { type: string } } }"));
        }
        JsonNode dialect = schema.path("$schema");
        if (!dialect.isMissingNode() && !isDraft2020(dialect)) {
            return List.of(new Violation(SchemaErrors.join(field, "$schema"),
                    "declares " + SchemaErrors.show(dialect) + "; only JSON Schema draft 2020-12 is supported",
                    "remove $schema, or set it to " + DRAFT_2020_12));
        }
        List<Violation> found = new ArrayList<>(
                new SchemaErrors(null, field, false).translate(metaSchema().validate(schema, LIMITS)));
        if (found.isEmpty()) {
            found.addAll(probe(schema, field));
        }
        return List.copyOf(found);
    }

    /** Compiles the schema and runs it once on trivial documents, so that bad refs and in-place loops show now. */
    private static List<Violation> probe(JsonNode schema, String field) {
        try {
            Schema compiled = userSchema(schema);
            compiled.initializeValidators();
            compiled.validate(JsonNodeFactory.instance.nullNode(), LIMITS);
            compiled.validate(JsonNodeFactory.instance.objectNode(), LIMITS);
            return List.of();
        } catch (SchemaException e) {
            return List.of(unusable(field, e));
        } catch (ValidationLimitExceededException e) {
            return List.of(tooComplex(field, e));
        }
    }

    /** Validates a document against one of skillbox's own schemas (compiled once), with their descriptions as fixes. */
    public static List<Violation> validateOwn(String schemaFile, JsonNode instance) {
        return OWN_RESULTS.get(new OwnCheck(schemaFile, instance.deepCopy()), key -> {
            Compiled own = OWN.computeIfAbsent(key.schemaFile(), JsonSchemas::compileOwn);
            return List.copyOf(new SchemaErrors(own.node(), "", true).translate(own.schema().validate(key.instance(), LIMITS)));
        });
    }

    private record OwnCheck(String schemaFile, JsonNode instance) {}

    private static final Memo<OwnCheck, List<Violation>> OWN_RESULTS = new Memo<>(MAX_CACHED_USER_SCHEMAS);

    /** One of skillbox's own schemas as a tree, e.g. for documentation or tooling. */
    public static JsonNode ownSchema(String schemaFile) {
        return OWN.computeIfAbsent(schemaFile, JsonSchemas::compileOwn).node().deepCopy();
    }

    private static Compiled compileOwn(String schemaFile) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(SCHEMAS_ON_CLASSPATH + schemaFile)) {
            if (in == null) {
                throw new IllegalStateException("schema " + schemaFile + " is missing from the classpath");
            }
            JsonNode node = Json.json().readTree(in);
            Schema schema = REGISTRY.getSchema(node);
            schema.initializeValidators();
            return new Compiled(node, schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema userSchema(JsonNode schema) {
        synchronized (USER) {
            Schema cached = USER.get(schema);
            if (cached != null) {
                return cached;
            }
        }
        // Compile outside the lock; a key copy keeps later mutation of the caller's tree from poisoning it.
        JsonNode key = schema.deepCopy();
        Schema compiled = REGISTRY.getSchema(key);
        synchronized (USER) {
            USER.put(key, compiled);
        }
        return compiled;
    }

    private static Schema metaSchema() {
        return MetaHolder.META;
    }

    private static final class MetaHolder {
        static final Schema META = REGISTRY.getSchema(SchemaLocation.of(DRAFT_2020_12));
    }

    private static boolean isDraft2020(JsonNode dialect) {
        return dialect.isString() && (dialect.stringValue().equals(DRAFT_2020_12) || dialect.stringValue().equals(DRAFT_2020_12 + "#"));
    }

    /** The draft meta-schemas resolve to the validator's own classpath copies; nothing else may load. */
    private static boolean isShippedMetaSchema(AbsoluteIri iri) {
        String text = iri.toString();
        return text.startsWith("https://json-schema.org/draft/") || text.startsWith("http://json-schema.org/draft");
    }

    private static Violation tooComplex(String field, ValidationLimitExceededException e) {
        return new Violation(field, "its JSON Schema recurses too deeply or takes too many steps to evaluate ("
                        + e.getLimitKind() + " limit " + e.getLimit() + ")",
                "remove $refs that point back to an enclosing schema without descending into the document");
    }

    private static Violation unusable(String field, SchemaException e) {
        return new Violation(field, "cannot be used as a JSON Schema: " + e.getMessage(),
                "refer only to definitions inside the schema itself ($ref: '#/$defs/...'), never to URLs or files, "
                        + "and use valid regular expressions");
    }
}
