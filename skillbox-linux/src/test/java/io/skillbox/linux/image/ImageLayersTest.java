package io.skillbox.linux.image;

import static io.skillbox.linux.image.TestImages.device;
import static io.skillbox.linux.image.TestImages.dir;
import static io.skillbox.linux.image.TestImages.file;
import static io.skillbox.linux.image.TestImages.gzipLayer;
import static io.skillbox.linux.image.TestImages.hardlink;
import static io.skillbox.linux.image.TestImages.layer;
import static io.skillbox.linux.image.TestImages.opaque;
import static io.skillbox.linux.image.TestImages.symlink;
import static io.skillbox.linux.image.TestImages.whiteout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer semantics and the safety of unpacking hostile layers, through the public cache. */
class ImageLayersTest {
    @TempDir
    Path tmp;

    private Path unpack(UnpackLimits limits, TestImages.Layer... layers) {
        TestImages.ociLayout(tmp.resolve("image"), List.of(layers));
        return new ImageCache(tmp.resolve("cache"), limits).unpack(tmp.resolve("image")).path();
    }

    private Path unpack(TestImages.Layer... layers) {
        return unpack(UnpackLimits.DEFAULT, layers);
    }

    private SkillboxException refused(TestImages.Layer... layers) {
        return refused(UnpackLimits.DEFAULT, layers);
    }

    private SkillboxException refused(UnpackLimits limits, TestImages.Layer... layers) {
        SkillboxException e = org.junit.jupiter.api.Assertions.assertThrows(SkillboxException.class,
                () -> unpack(limits, layers));
        assertThat(cacheEntries()).as("a refused unpack leaves nothing in the cache").isEmpty();
        return e;
    }

    private List<String> cacheEntries() {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void layersApplyInOrder() throws IOException {
        Path root = unpack(layer(dir("etc"), file("etc/a", "one", 0644), file("etc/b", "kept", 0644)),
                gzipLayer(file("etc/a", "two", 0600), file("etc/c", "new", 0644)));

        assertThat(Files.readString(root.resolve("etc/a"))).isEqualTo("two");
        assertThat(Files.readString(root.resolve("etc/b"))).isEqualTo("kept");
        assertThat(Files.readString(root.resolve("etc/c"))).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/a"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aLaterEntryReplacesAnEntryOfAnotherType() throws IOException {
        Path root = unpack(layer(dir("x"), file("x/inner", "i", 0644), symlink("y", "/etc")),
                layer(file("x", "now a file", 0644), dir("y")));

        assertThat(Files.readString(root.resolve("x"))).isEqualTo("now a file");
        assertThat(Files.isDirectory(root.resolve("y"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void whiteoutDeletesFromLowerLayers() {
        Path root = unpack(layer(dir("etc"), file("etc/motd", "bye", 0644), file("etc/keep", "k", 0644),
                        symlink("etc/link", "/etc/keep"), dir("etc/sub"), file("etc/sub/x", "x", 0644)),
                layer(whiteout("etc/motd"), whiteout("etc/link"), whiteout("etc/sub")));

        assertThat(root.resolve("etc/motd")).doesNotExist();
        assertThat(Files.exists(root.resolve("etc/link"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(root.resolve("etc/sub")).doesNotExist();
        assertThat(root.resolve("etc/keep")).exists();
    }

    @Test
    void opaqueDirectoryHidesLowerContentButKeepsItsOwn() {
        Path root = unpack(layer(dir("data"), file("data/old", "o", 0644), dir("data/sub"),
                        file("data/sub/old2", "o", 0644), file("other", "stays", 0644)),
                // The marker comes after this layer's own entries: they must survive it.
                layer(dir("data"), dir("data/sub"), file("data/sub/new", "n", 0644), opaque("data")));

        assertThat(TestImages.describe(root).keySet())
                .containsExactly("/", "/data", "/data/sub", "/data/sub/new", "/other");
    }

    @Test
    void pathTraversalIsRefused() {
        SkillboxException e = refused(layer(file("../../etc/x", "pwned", 0644)));

        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(e.getMessage()).contains("../../etc/x").contains("escapes the root").contains("fix:");
        assertThat(tmp.resolve("etc")).doesNotExist();
        assertThat(tmp.resolve("cache/etc")).doesNotExist();
    }

    @Test
    void absolutePathsAreMadeRelative() throws IOException {
        Path root = unpack(layer(file("/etc/abs", "inside", 0644), file("./rel/./x/../y", "y", 0644)));

        assertThat(Files.readString(root.resolve("etc/abs"))).isEqualTo("inside");
        assertThat(Files.readString(root.resolve("rel/y"))).isEqualTo("y");
    }

    @Test
    void aSymlinkParentIsNeverFollowed(@TempDir Path canary) throws IOException {
        SkillboxException e = refused(layer(symlink("evil", canary.toString())),
                layer(file("evil/pwned", "pwned", 0644)));

        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(e.getMessage()).contains("evil/pwned").contains("symbolic link /evil");
        assertThat(canary).isEmptyDirectory();
    }

    @Test
    void aDirectoryEntryReplacesASymlinkInsteadOfFollowingIt(@TempDir Path canary) {
        Path root = unpack(layer(symlink("evil", canary.toString())),
                layer(dir("evil"), file("evil/pwned", "inside", 0644)));

        assertThat(root.resolve("evil/pwned")).hasContent("inside");
        assertThat(canary).isEmptyDirectory();
    }

    @Test
    void aSymlinkParentInTheSameLayerIsNeverFollowed(@TempDir Path canary) {
        refused(layer(symlink("evil", canary.toString()), file("evil/pwned", "pwned", 0644)));

        assertThat(canary).isEmptyDirectory();
    }

    @Test
    void aWhiteoutThroughASymlinkIsRefused(@TempDir Path canary) throws IOException {
        Files.writeString(canary.resolve("precious"), "keep me");

        refused(layer(symlink("evil", canary.toString())), layer(whiteout("evil/precious")));

        assertThat(canary.resolve("precious")).hasContent("keep me");
    }

    @Test
    void hardLinksMustStayInsideTheRoot(@TempDir Path canary) throws IOException {
        Path secret = Files.writeString(canary.resolve("secret"), "s");

        assertThat(refused(layer(hardlink("h", "../../../../../etc/passwd"))).getMessage())
                .contains("points outside the root");
        assertThat(refused(layer(symlink("l", canary.toString()), hardlink("h", "l/secret"))).getMessage())
                .contains("symbolic link /l");
        assertThat(Files.getAttribute(secret, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void hardLinksInsideTheRootShareTheInode() throws IOException {
        Path root = unpack(layer(file("a", "shared", 0644), hardlink("b", "/a")));

        assertThat(Files.isSameFile(root.resolve("a"), root.resolve("b"))).isTrue();
    }

    @Test
    void deviceNodesAreSkipped() {
        Path root = unpack(layer(dir("dev"), device("dev/null"), file("etc/x", "x", 0644)));

        assertThat(Files.exists(root.resolve("dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(root.resolve("etc/x")).exists();
    }

    @Test
    void setuidSetgidAndGroupWriteAreStripped() throws IOException {
        Path root = unpack(layer(file("bin/su", "x", 04755), file("bin/sg", "x", 02777),
                new TestImages.Dir("tmp", 01777)));

        assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:mode")).isEqualTo(0100755);
        assertThat(Files.getAttribute(root.resolve("bin/sg"), "unix:mode")).isEqualTo(0100755);
        assertThat(Files.getAttribute(root.resolve("tmp"), "unix:mode")).isEqualTo(040755);
        assertThat(Files.getAttribute(root.resolve("bin/su"), "unix:uid")).isEqualTo(0);
    }

    @Test
    void theSizeCapStopsATarBomb() {
        SkillboxException e = refused(new UnpackLimits(1000, 100),
                gzipLayer(new TestImages.File("big", new byte[5000], 0644)));

        assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_BUNDLE);
        assertThat(e.getMessage()).contains("big").contains("1000 bytes");
    }

    @Test
    void theEntryCapStopsATarBomb() {
        SkillboxException e = refused(new UnpackLimits(1 << 20, 3),
                layer(file("a", "", 0644), file("b", "", 0644)), layer(file("c", "", 0644), file("d", "", 0644)));

        assertThat(e.getMessage()).contains("more than 3 entries");
    }

    @Test
    void aMissingSourceIsAnInvalidRequest() {
        assertThatThrownBy(() -> new ImageCache(tmp.resolve("cache")).unpack(tmp.resolve("missing")))
                .isInstanceOfSatisfying(SkillboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
}
