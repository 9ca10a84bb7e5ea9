package io.skillbox.linux.image;

import static io.skillbox.linux.image.TestImages.file;
import static io.skillbox.linux.image.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Choosing the manifest: nested indexes, several platforms, unsupported layouts. */
class OciIndexTest {
    @TempDir
    Path tmp;

    /** Replaces index.json by an index → nested index → {other platform, this platform}. */
    private static void nest(Path layout, String otherArch) throws IOException {
        JsonNode index = Json.json().readTree(Files.readAllBytes(layout.resolve("index.json")));
        JsonNode real = index.get("manifests").get(0);
        Map<String, Object> other = Map.of("mediaType", "application/vnd.oci.image.manifest.v1+json",
                "digest", "sha256:" + "1".repeat(64), "size", 10,
                "platform", Map.of("os", "linux", "architecture", otherArch));
        byte[] nested = Json.json().writeValueAsBytes(Map.of("schemaVersion", 2,
                "mediaType", "application/vnd.oci.image.index.v1+json", "manifests", List.of(other, real)));
        String digest = TestImages.digest(nested);
        Files.write(layout.resolve("blobs/sha256/" + digest.substring(7)), nested);
        Files.write(layout.resolve("index.json"), Json.json().writeValueAsBytes(Map.of("schemaVersion", 2,
                "manifests", List.of(Map.of("mediaType", "application/vnd.oci.image.index.v1+json",
                        "digest", digest, "size", nested.length)))));
    }

    @Test
    void followsANestedIndexToTheHostPlatform() throws IOException {
        TestImages.Written image = TestImages.ociLayout(tmp.resolve("image"), List.of(layer(file("x", "x", 0644))));
        nest(image.path(), "s390x");

        Rootfs rootfs = new ImageCache(tmp.resolve("cache")).unpack(image.path());

        assertThat(rootfs.digest()).isEqualTo(image.manifest());
        assertThat(rootfs.path().resolve("x")).hasContent("x");
    }

    @Test
    void refusesAnIndexWithoutTheHostPlatform() throws IOException {
        TestImages.Written image = TestImages.ociLayout(tmp.resolve("image"), List.of(layer(file("x", "x", 0644))));
        nest(image.path(), "s390x");
        String index = Files.readString(image.path().resolve("index.json"));
        JsonNode nestedRef = Json.json().readTree(index).get("manifests").get(0);
        Path nested = image.path().resolve("blobs/sha256/" + nestedRef.get("digest").stringValue().substring(7));
        // Both entries for foreign platforms: the nested index's digest changes, so rewrite the outer one.
        String foreign = Files.readString(nested).replace("\"" + Platform.host().architecture() + "\"", "\"riscv64\"");
        String digest = TestImages.digest(foreign.getBytes());
        Files.writeString(image.path().resolve("blobs/sha256/" + digest.substring(7)), foreign);
        Files.writeString(image.path().resolve("index.json"), index.replace(nestedRef.get("digest").stringValue(), digest)
                .replace("\"size\":" + nestedRef.get("size").asLong(), "\"size\":" + foreign.length()));

        SkillboxException e = assertThrows(SkillboxException.class,
                () -> new ImageCache(tmp.resolve("cache")).unpack(image.path()));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.getMessage()).contains("no manifest for linux/" + Platform.host().architecture())
                .contains("linux/s390x, linux/riscv64");
    }

    @Test
    void refusesADirectoryThatIsNoImage() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));

        SkillboxException e = assertThrows(SkillboxException.class,
                () -> new ImageCache(tmp.resolve("cache")).unpack(tmp.resolve("empty")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.getMessage()).contains("neither index.json").contains("docker save");
    }

    @Test
    void refusesZstdLayers() throws IOException {
        TestImages.Written image = TestImages.ociLayout(tmp.resolve("image"), List.of(layer(file("x", "x", 0644))));
        Path manifest = image.path().resolve("blobs/sha256/" + image.manifest().substring(7));
        String zstd = Files.readString(manifest).replace("layer.v1.tar\"", "layer.v1.tar+zstd\"");
        String digest = TestImages.digest(zstd.getBytes());
        Files.writeString(image.path().resolve("blobs/sha256/" + digest.substring(7)), zstd);
        Files.writeString(image.path().resolve("index.json"), Files.readString(image.path().resolve("index.json"))
                .replace(image.manifest(), digest).replaceFirst("\"size\":\\d+", "\"size\":" + zstd.length()));

        SkillboxException e = assertThrows(SkillboxException.class,
                () -> new ImageCache(tmp.resolve("cache")).unpack(image.path()));

        assertThat(e.getMessage()).contains("tar+zstd").contains("not supported").contains("gzip");
    }
}
