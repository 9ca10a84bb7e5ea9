package io.skillbox.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class SafeYamlTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a: &x 1                   | aliases/anchors are not allowed in things (found 1, the first is anchor &x at line 1, column 4)",
        "a: [1, *missing]          | the first is alias *missing at line 1, column 8",
        "a: &x [1]\\nb: *x         | found 2, the first is anchor &x",
        "a: !custom 1              | YAML tag !custom (at line 1, column 4) is not allowed",
        "a: 1\\n---\\nb: 2         | holds 2 YAML documents",
        "a: 1\\na: 2               | duplicate key 'a' at line 2",
        "a: [1,\\n b: }            | is not valid YAML at line 2",
    })
    void refuses(String yaml, String problem) {
        List<Violation> problems = new ArrayList<>();
        Optional<JsonNode> node = SafeYaml.parse(yaml.replace("\\n", "\n"), "(doc)", "things", problems);
        assertThat(node).isEmpty();
        assertThat(problems).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(doc)");
            assertThat(v.problem()).contains(problem);
            assertThat(v.fix()).isNotBlank();
        });
    }

    @Test
    void acceptsCoreTagsAndPlainDocuments() {
        List<Violation> problems = new ArrayList<>();
        JsonNode node = SafeYaml.parse("version: !!str 1.0\nn: !!int 3\n", "(doc)", "things", problems).orElseThrow();
        assertThat(problems).isEmpty();
        assertThat(node.path("version").stringValue()).isEqualTo("1.0");
    }

    @Test
    void anEmptyDocumentIsMissingNotAnError() {
        List<Violation> problems = new ArrayList<>();
        assertThat(SafeYaml.parse("# only a comment\n", "(doc)", "things", problems)).hasValueSatisfying(n -> assertThat(n.isMissingNode()).isTrue());
        assertThat(problems).isEmpty();
    }

    @Test
    void decodesStrictUtf8AndDropsABom() {
        List<Violation> problems = new ArrayList<>();
        assertThat(SafeYaml.decodeUtf8("\uFEFFa: caf\u00e9".getBytes(StandardCharsets.UTF_8), "(doc)", problems)).contains("a: caf\u00e9");
        assertThat(SafeYaml.decodeUtf8(new byte[] {'a', (byte) 0xC3, 0x28}, "(doc)", problems)).isEmpty();
        assertThat(problems).singleElement().satisfies(v -> assertThat(v.problem()).contains("UTF-8"));
    }

    @Test
    void readsAtMostOneByteBeyondTheLimit() throws IOException {
        Path big = Files.write(temp.resolve("big"), new byte[10_000]);
        assertThat(SafeYaml.readAtMost(big, 100)).hasSize(101);
        assertThat(SafeYaml.readAtMost(big, 20_000)).hasSize(10_000);
    }
}
