package io.skillbox.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skillbox.core.error.Violation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class JsonSchemasTest {
    private static final JsonNode PARAMS = yaml("""
            type: object
            additionalProperties: false
            required: [city]
            properties:
              city: { type: string, minLength: 2 }
              units: { enum: [metric, imperial] }
              days: { type: integer, minimum: 1, maximum: 14 }
              items: { type: array, items: { type: string } }
              nested: { type: object, properties: { zip: { type: string, pattern: "^[0-9]{5}$" } } }
              "odd key": { type: boolean }
            """);

    @Test
    void acceptsAValidDocument() {
        assertThat(JsonSchemas.validate(PARAMS, json("{\"city\":\"Paris\",\"days\":3,\"items\":[\"a\"]}"), "params")).isEmpty();
    }

    @Test
    void namesFieldsInDocumentTerms() {
        List<Violation> v = JsonSchemas.validate(PARAMS,
                json("{\"units\":\"kelvin\",\"days\":0,\"items\":[\"a\",\"b\",3],\"nested\":{\"zip\":\"abc\"},\"odd key\":1}"), "params");
        assertThat(v).extracting(Violation::field).containsExactlyInAnyOrder(
                "params.city", "params.units", "params.days", "params.items[2]", "params.nested.zip", "params[\"odd key\"]");
        assertThat(find(v, "params.city").problem()).isEqualTo("required field 'city' is missing");
        assertThat(find(v, "params.units").fix()).isEqualTo("use one of: metric, imperial");
        assertThat(find(v, "params.days").problem()).isEqualTo("0 is below the minimum 1");
        assertThat(find(v, "params.items[2]").problem()).isEqualTo("expected a string, found a whole number");
        assertThat(find(v, "params.nested.zip").fix()).contains("^[0-9]{5}$");
        assertThat(find(v, "params[\"odd key\"]").problem()).isEqualTo("expected true or false, found a whole number");
    }

    @Test
    void listsTheAllowedFieldsOfAnUnknownOne() {
        List<Violation> v = JsonSchemas.validate(PARAMS, json("{\"city\":\"Paris\",\"cty\":\"x\"}"), "params");
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("params.cty");
            assertThat(x.problem()).isEqualTo("unknown field 'cty'");
            assertThat(x.fix()).startsWith("remove it; allowed fields of params are: city, units, days, items, nested, odd key")
                    .endsWith("(did you mean 'city'?)");
        });
    }

    @Test
    void aWholeDocumentOfTheWrongTypeIsNamedByItsRoot() {
        assertThat(JsonSchemas.validate(PARAMS, json("[1]"), "params")).singleElement()
                .satisfies(x -> assertThat(x).isEqualTo(new Violation("params", "expected a mapping, found a list",
                        "write it as a mapping of fields (key: value)")));
        assertThat(JsonSchemas.validate(PARAMS, json("[1]"), "")).singleElement()
                .satisfies(x -> assertThat(x.field()).isEqualTo("(root)"));
    }

    @Test
    void checksSchemasAgainstTheMetaSchema() {
        assertThat(JsonSchemas.checkSchema(PARAMS, "params")).isEmpty();
        List<Violation> v = JsonSchemas.checkSchema(yaml("{ type: object, properties: { a: { minimum: x } }, required: a }"), "params");
        assertThat(v).extracting(Violation::field).containsExactlyInAnyOrder("params.properties.a.minimum", "params.required");
        assertThat(JsonSchemas.checkSchema(json("\"string\""), "result")).singleElement()
                .satisfies(x -> assertThat(x.problem()).isEqualTo("must be a JSON Schema, found a string"));
    }

    @ParameterizedTest(name = "$ref {0} fails at once")
    @ValueSource(strings = {"https://example.com/s.json", "http://10.255.255.1/s.json", "file:///etc/passwd",
            "classpath:draft/2020-12/schema", "other.json", "https://json-schema.org/draft/2020-12/nope"})
    void neverFetchesAReference(String ref) {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + ref + "\"}}}");
        List<Violation> checked = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> JsonSchemas.checkSchema(schema, "params"));
        assertThat(checked).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("params");
            assertThat(x.problem()).startsWith("cannot be used as a JSON Schema");
        });
        List<Violation> validated = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> JsonSchemas.validate(schema, json("{\"a\":1}"), "params"));
        assertThat(validated).singleElement().satisfies(x -> assertThat(x.problem()).startsWith("cannot be used as a JSON Schema"));
    }

    @Test
    void refusesOtherDialectsBadRegexesAndInPlaceLoops() {
        assertThat(JsonSchemas.checkSchema(json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}"), "params"))
                .singleElement().satisfies(x -> assertThat(x.field()).isEqualTo("params.$schema"));
        assertThat(JsonSchemas.checkSchema(json("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"}"), "params")).isEmpty();
        assertThat(JsonSchemas.checkSchema(json("{\"pattern\":\"[\"}"), "params"))
                .singleElement().satisfies(x -> assertThat(x.problem()).contains("cannot be used as a JSON Schema"));
        assertThat(JsonSchemas.checkSchema(json("{\"$ref\":\"#\"}"), "params"))
                .singleElement().satisfies(x -> assertThat(x.problem()).contains("recurses too deeply"));
    }

    @Test
    void aLoopOnlySomeDocumentsReachIsStoppedWhenValidating() {
        JsonNode schema = json("{\"properties\":{\"a\":{\"$ref\":\"#/properties/a\"}}}");
        assertThat(JsonSchemas.checkSchema(schema, "params")).isEmpty();
        assertThat(JsonSchemas.validate(schema, json("{\"a\":1}"), "params"))
                .singleElement().satisfies(x -> assertThat(x.problem()).contains("recurses too deeply"));
    }

    @Test
    void recursiveSchemasThatDescendAreFine() {
        JsonNode tree = json("{\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}}}");
        assertThat(JsonSchemas.checkSchema(tree, "params")).isEmpty();
        String deep = "{\"children\":[".repeat(30) + "{}" + "]}".repeat(30);
        assertThat(JsonSchemas.validate(tree, json(deep), "params")).isEmpty();
    }

    @Test
    void ourOwnSchemasAreValidSchemas() {
        assertThat(JsonSchemas.checkSchema(JsonSchemas.ownSchema(JsonSchemas.MANIFEST_SCHEMA), "manifest")).isEmpty();
        assertThat(JsonSchemas.checkSchema(JsonSchemas.ownSchema(JsonSchemas.POLICY_SCHEMA), "policy")).isEmpty();
    }

    @Test
    void ownSchemaErrorsUseTheSchemasDescriptionsAsFixes() {
        List<Violation> v = JsonSchemas.validateOwn(JsonSchemas.MANIFEST_SCHEMA, yaml("""
                apiVersion: skillbox/v1
                name: hello
                version: "1"
                entrypoint: [x]
                runtime: { isolatoin: gvisor }
                resources: { pids: 0 }
                """));
        assertThat(v).containsExactlyInAnyOrder(
                new Violation("runtime.isolatoin", "unknown field 'isolatoin'",
                        "remove it; allowed fields of runtime are: isolation, image, profile (did you mean 'isolation'?)"),
                new Violation("resources.pids", "0 is below the minimum 1",
                        "use a whole number of processes and threads from 1 to 65536"));
    }

    @Test
    void compiledSchemasAreSharedSafelyAcrossThreads() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<Violation>>> results = IntStream.range(0, 64)
                    .mapToObj(i -> pool.submit(() -> JsonSchemas.validate(PARAMS, json("{\"days\":" + (i % 2 == 0 ? 99 : 3) + "}"), "params")))
                    .toList();
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).hasSize(i % 2 == 0 ? 2 : 1);
            }
        }
    }

    private static Violation find(List<Violation> violations, String field) {
        return violations.stream().filter(v -> v.field().equals(field)).findFirst().orElseThrow();
    }

    private static JsonNode json(String text) {
        return Json.json().readTree(text);
    }

    private static JsonNode yaml(String text) {
        return Json.yaml().readTree(text);
    }
}
