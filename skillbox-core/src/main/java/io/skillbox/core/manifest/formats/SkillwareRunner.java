package io.skillbox.core.manifest.formats;

import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The files skillbox provides to run a Skillware skill: its runner, a minimal {@code skillware.core.base_skill},
 * and the skill's manifest.yaml as skillbox read it (as JSON, so the sandbox needs no YAML parser). They live
 * under {@value #DIR}, which Python puts first on {@code sys.path} because the runner is started from there.
 */
public final class SkillwareRunner {
    /** Where the provided files appear inside the sandbox. */
    public static final String DIR = Manifest.ProvidedFile.PROVIDED_ROOT + "python";
    public static final String RUNNER = DIR + "/skillware_runner.py";
    static final String MANIFEST_JSON = DIR + "/skillware_manifest.json";

    private static final String RESOURCES = "/io/skillbox/core/manifest/formats/skillware/";
    /** One of the runner's own files: its path under {@link #DIR} and under the resources, and what it is. */
    private record Shipped(String path, String purpose) {}

    private static final List<Manifest.ProvidedFile> FILES = Stream.of(
                    new Shipped("skillware_runner.py", "skillbox's Skillware runner: params on stdin, execute(), the dict as JSON"),
                    new Shipped("skillware/__init__.py", "the skillware package, as far as skills import it"),
                    new Shipped("skillware/core/__init__.py", "the skillware.core package"),
                    new Shipped("skillware/core/base_skill.py", "skillware.core.base_skill.BaseSkill, written for skillbox"))
            .map(f -> new Manifest.ProvidedFile(DIR + "/" + f.path(), resource(f.path()), f.purpose()))
            .toList();

    private SkillwareRunner() {}

    /** The argv that runs a Skillware bundle mounted at /skill. */
    static List<String> entrypoint() {
        return List.of("python3", RUNNER, "/skill");
    }

    /** Everything the runner needs for one skill, whose manifest.yaml is {@code manifest}. */
    static List<Manifest.ProvidedFile> files(JsonNode manifest) {
        List<Manifest.ProvidedFile> files = new ArrayList<>(FILES);
        files.add(new Manifest.ProvidedFile(MANIFEST_JSON, Json.json().writeValueAsString(manifest),
                "the skill's manifest.yaml as skillbox read it, for load_manifest_from_dir() and the requirements check"));
        return files;
    }

    private static String resource(String name) {
        try (InputStream in = SkillwareRunner.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the Skillware runner file " + name + " is missing from skillbox's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
