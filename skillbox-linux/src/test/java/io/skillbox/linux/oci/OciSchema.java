package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Validates a generated OCI {@code config.json} against the runtime-spec's own JSON Schema (draft-04).
 *
 * <p>The schema is third-party and not committed: it comes from Debian's
 * {@code golang-github-opencontainers-specs-dev} (runtime-spec 1.0.2.118.g5cfc4c3, i.e. between 1.0.2
 * and 1.1.0). Its files refer to each other relatively ({@code "defs.json#/definitions/uint32"},
 * {@code "config-linux.json#/linux"}), so every {@code *.json} in the directory is read up front and
 * registered under one made-up base IRI; relative refs resolve against it to those in-memory copies and
 * the loader may fetch nothing else.
 *
 * <p>The schema sets no {@code additionalProperties: false}: a misspelt key passes. It checks types,
 * enums, patterns and required keys only.
 */
public final class OciSchema {
    /** Where Debian installs the schema; {@code -Dskillbox.ociSchemaDir=...} points elsewhere. */
    public static final Path DEFAULT_DIR =
            Path.of("/usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema");

    /** {@code .invalid} can never resolve, so a ref that escaped the map could not reach the network. */
    private static final String BASE = "https://oci-runtime-spec.invalid/schema/";
    private static final String ROOT = "config-schema.json";

    private static Schema cached;

    private OciSchema() {}

    /**
     * The schema's complaints about {@code config}, each as {@code <JSON Pointer>: <message>}, e.g.
     * {@code /process/user/uid: string found, integer expected}; empty if valid.
     */
    static List<String> validate(JsonNode config) {
        return schema().validate(config).stream().map(OciSchema::describe).toList();
    }

    /** Fails listing every complaint, followed by the document, unless {@code config} is valid. */
    static void assertValid(JsonNode config) {
        List<String> errors = validate(config);
        assertThat(errors)
                .as(() -> "config.json does not match the OCI runtime-spec schema:\n  " + String.join("\n  ", errors)
                        + "\n" + Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(config))
                .isEmpty();
    }

    /** Locations are JSON Pointers ({@code /process/user/uid}); the document itself is {@code (root)}. */
    private static String describe(Error error) {
        String at = error.getInstanceLocation().toString();
        return (at.isEmpty() ? "(root)" : at) + ": " + error.getMessage();
    }

    private static synchronized Schema schema() {
        if (cached == null) {
            cached = load(Path.of(System.getProperty("skillbox.ociSchemaDir", DEFAULT_DIR.toString())));
        }
        return cached;
    }

    /** Reads and compiles the schema in {@code dir}; package-private so the missing-directory failure is testable. */
    static Schema load(Path dir) {
        if (!Files.isRegularFile(dir.resolve(ROOT))) {
            // A missing schema must fail the build, not skip: a skipped check would pass every config.
            throw new AssertionError("the OCI runtime-spec schema is missing: run scripts/setup.sh "
                    + "(it installs golang-github-opencontainers-specs-dev); looked in " + dir);
        }
        Map<String, String> files = readAll(dir);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, builder -> builder
                .schemas(files)
                .schemaLoader(loader -> loader.allow(OciSchema::isLocalOrMeta)));
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + ROOT));
        // Resolve every $ref now, so a broken schema directory fails here rather than mid-assertion.
        schema.initializeValidators();
        return schema;
    }

    private static Map<String, String> readAll(Path dir) {
        Map<String, String> files = new HashMap<>();
        try (DirectoryStream<Path> jsons = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : jsons) {
                files.put(BASE + file.getFileName(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OCI runtime-spec schema in " + dir, e);
        }
        return files;
    }

    /** The schema's own files and the draft-04 meta-schema the validator ships; nothing else loads. */
    private static boolean isLocalOrMeta(AbsoluteIri iri) {
        String text = iri.toString();
        return text.startsWith(BASE) || text.startsWith("http://json-schema.org/draft-04/");
    }
}
