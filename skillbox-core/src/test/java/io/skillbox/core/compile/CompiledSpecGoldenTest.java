package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.mergedUsrHost;
import static io.skillbox.core.compile.CompilerFixtures.spec;

import io.skillbox.core.Golden;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * One complete spec, pinned: the word-count example under the built-in policy. Any change to what the
 * compiler produces shows up as a reviewable diff of {@code golden/spec/word-count.json}.
 */
class CompiledSpecGoldenTest {
    private static final Path EXAMPLE = Path.of("../examples/skills/word-count");
    /** Paths as plain strings: Jackson's default URI form adds a '/' to directories that exist on this host. */
    private static final JsonMapper MAPPER = Json.json().rebuild()
            .addModule(new SimpleModule().addSerializer(Path.class, new ToStringSerializer(Path.class)))
            .build();

    @Test
    void wordCountUnderTheBuiltinPolicy() {
        Manifest manifest = BundleLoader.load(EXAMPLE).manifest();
        CompilerFixtures.FakeBundle bundle = new CompilerFixtures.FakeBundle(Path.of("/srv/skills/word-count"));

        SandboxSpec spec = spec(CompilerFixtures.compile(manifest, PolicyLoader.builtin(), mergedUsrHost(), bundle));

        Golden.assertMatches("spec/word-count.json", render(spec) + "\n");
    }

    /**
     * The spec as JSON as skillbox writes it (each mount's and the network's variant named, see
     * {@code SpecMixins}), with the seccomp rules replaced by their count: the seccomp tests pin the rules.
     */
    private static String render(SandboxSpec spec) {
        ObjectNode tree = MAPPER.valueToTree(spec);
        ObjectNode seccomp = tree.withObject("/privileges/seccomp");
        JsonNode rules = seccomp.get("rules");
        seccomp.put("rules", rules.size());
        return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
    }
}
