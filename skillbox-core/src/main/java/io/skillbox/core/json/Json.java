package io.skillbox.core.json;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The mappers every skillbox component uses. Both reject duplicate keys (a classic source of
 * "validated one value, used the other" bugs) and bound nesting and sizes. The YAML mapper alone is
 * not enough for untrusted documents: Jackson 3 reads an alias as its name instead of failing, so
 * manifests and policies go through {@link SafeYaml}, which refuses anchors, aliases, custom tags and
 * multiple documents before this mapper sees them.
 */
public final class Json {
    /** Nesting deeper than this is refused; manifests and policies are a few levels deep. */
    public static final int MAX_DEPTH = 64;
    /** A YAML document larger than this (in code points) is refused before it is parsed. */
    public static final int MAX_YAML_CODE_POINTS = 256 * 1024;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(1 << 20)
            .maxNumberLength(100)
            .build();

    private static final JsonMapper JSON = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addMixIn(io.skillbox.spec.NetworkSpec.class, SpecMixins.Network.class)
            .addMixIn(io.skillbox.spec.Mount.class, SpecMixins.Mounts.class)
            .build();

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .streamReadConstraints(CONSTRAINTS)
                    .loadSettings(LoadSettings.builder()
                            .setAllowDuplicateKeys(false)
                            .setMaxAliasesForCollections(0)
                            .setAllowRecursiveKeys(false)
                            .setCodePointLimit(MAX_YAML_CODE_POINTS)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** The JSON mapper: strict on input, compact on output. */
    public static JsonMapper json() {
        return JSON;
    }

    /** The YAML mapper; untrusted text must pass {@link SafeYaml} first. */
    public static YAMLMapper yaml() {
        return YAML;
    }
}
