package io.skillbox.linux.image;

import static io.skillbox.linux.image.TestImages.dir;
import static io.skillbox.linux.image.TestImages.file;
import static io.skillbox.linux.image.TestImages.gzipLayer;
import static io.skillbox.linux.image.TestImages.layer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every blob is checked against its digest, and a mismatch names the blob. */
class ImageDigestTest {
    private static final String WRONG = "sha256:" + "0".repeat(64);

    @TempDir
    Path tmp;

    private final List<TestImages.Layer> layers = List.of(layer(dir("etc"), file("etc/a", "a", 0644)),
            gzipLayer(file("etc/b", "b", 0644)));

    private SkillboxException refused(Path source) {
        SkillboxException e = assertThrows(SkillboxException.class,
                () -> new ImageCache(tmp.resolve("cache")).unpack(source));
        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            assertThat(s.toList()).isEmpty();
        } catch (IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
        return e;
    }

    private static void tamper(Path layout, String digest) throws IOException {
        Files.writeString(layout.resolve("blobs/sha256/" + digest.substring(7)), " ", StandardOpenOption.APPEND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"manifest", "config", "layer0", "layer1"})
    void aTamperedBlobIsRefusedByName(String blob) throws IOException {
        TestImages.Written image = TestImages.ociLayout(tmp.resolve("image"), layers);
        String digest = switch (blob) {
            case "manifest" -> image.manifest();
            case "config" -> image.config();
            default -> image.layers().get(blob.charAt(5) - '0');
        };
        tamper(image.path(), digest);

        SkillboxException e = refused(image.path());

        assertThat(e.getMessage()).contains("blobs/sha256/" + digest.substring(7)).contains("but the image says "
                + digest).contains("fix:");
        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.field()).contains(digest.substring(7)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void aWrongDiffIdIsRefused(int which) {
        List<TestImages.Layer> bad = List.of(which == 0 ? layers.get(0).withDiffId(WRONG) : layers.get(0),
                which == 1 ? layers.get(1).withDiffId(WRONG) : layers.get(1));
        TestImages.Written image = TestImages.ociLayout(tmp.resolve("image"), bad);

        SkillboxException e = refused(image.path());

        assertThat(e.getMessage()).contains(image.layers().get(which).substring(7)).contains("diff_id")
                .contains(WRONG);
    }

    @Test
    void aWrongDiffIdInADockerSaveTarballIsRefused() {
        TestImages.Written image = TestImages.dockerSave(tmp.resolve("image.tar"),
                List.of(layers.get(0), layers.get(1).withDiffId(WRONG)));

        SkillboxException e = refused(image.path());

        assertThat(e.getMessage()).contains("image.tar!/").contains("/layer.tar").contains("diff_id");
    }

    @Test
    void aTamperedBlobInsideAnOciTarIsRefused() throws IOException {
        TestImages.Written image = TestImages.ociLayout(tmp.resolve("image"), layers);
        tamper(image.path(), image.layers().get(1));
        Path tar = tmp.resolve("image.tar");
        TestImages.tarOf(image.path(), tar);

        assertThat(refused(tar).getMessage()).contains("image.tar!/blobs/sha256/" + image.layers().get(1).substring(7));
    }
}
