package io.skillbox.linux.image;

import static io.skillbox.linux.image.TestImages.dir;
import static io.skillbox.linux.image.TestImages.file;
import static io.skillbox.linux.image.TestImages.gzipLayer;
import static io.skillbox.linux.image.TestImages.hardlink;
import static io.skillbox.linux.image.TestImages.layer;
import static io.skillbox.linux.image.TestImages.opaque;
import static io.skillbox.linux.image.TestImages.symlink;
import static io.skillbox.linux.image.TestImages.whiteout;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache: keys, hits, concurrent unpacks, and the three kinds of input. */
class ImageCacheTest {
    @TempDir
    Path tmp;

    private static final List<TestImages.Layer> LAYERS = List.of(
            layer(dir("etc"), file("etc/os-release", "ID=test\n", 0644), dir("usr/bin"),
                    file("usr/bin/tool", "#!/bin/sh\n", 0755), symlink("bin", "usr/bin"),
                    dir("var/cache"), file("var/cache/junk", "j", 0644), file("etc/motd", "m", 0644)),
            gzipLayer(hardlink("usr/bin/tool2", "usr/bin/tool"), whiteout("etc/motd"), opaque("var/cache"),
                    file("etc/os-release", "ID=test2\n", 0444)));

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void allThreeInputKindsGiveIdenticalTrees() throws IOException {
        TestImages.Written layout = TestImages.ociLayout(tmp.resolve("layout"), LAYERS);
        TestImages.Written ociTar = TestImages.ociTar(tmp.resolve("oci.tar"), LAYERS);
        TestImages.Written save = TestImages.dockerSave(tmp.resolve("save.tar"), LAYERS);

        Rootfs fromLayout = new ImageCache(tmp.resolve("c1")).unpack(layout.path());
        Rootfs fromTar = new ImageCache(tmp.resolve("c2")).unpack(ociTar.path());
        Rootfs fromSave = new ImageCache(tmp.resolve("c3")).unpack(save.path());

        assertThat(fromLayout.digest()).isEqualTo(layout.manifest()).isEqualTo(fromTar.digest());
        assertThat(fromSave.digest()).isEqualTo(save.config());
        assertThat(fromLayout.path()).isEqualTo(tmp.resolve("c1").resolve(layout.manifest().substring(7) + "/rootfs"));
        var expected = TestImages.describe(fromLayout.path());
        assertThat(expected).containsEntry("/etc/os-release", "file r--r--r-- "
                        + TestImages.digest("ID=test2\n".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("/bin", "link -> usr/bin").containsKey("/usr/bin/tool2")
                .doesNotContainKey("/etc/motd").doesNotContainKey("/var/cache/junk").containsKey("/var/cache");
        assertThat(TestImages.describe(fromTar.path())).isEqualTo(expected);
        assertThat(TestImages.describe(fromSave.path())).isEqualTo(expected);
        assertThat(fromSave.config()).isEqualTo(fromLayout.config()).isEqualTo(new ImageConfig(
                List.of("/bin/sh", "-c"), List.of("echo hi"), List.of("PATH=/usr/bin:/bin", "LANG=C.UTF-8"),
                Optional.of("/app"), Optional.of("1000:1000")));
        assertThat(names(tmp.resolve("c2"))).as("the tar's scratch copy is gone").containsExactly(
                layout.manifest().substring(7));
    }

    @Test
    void aCacheHitDoesNotUnpackAgain() throws IOException {
        TestImages.Written image = TestImages.ociTar(tmp.resolve("image.tar"), LAYERS);
        ImageCache cache = new ImageCache(tmp.resolve("cache"));
        Rootfs first = cache.unpack(image.path());
        Path marker = first.path().resolveSibling("complete");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(marker, old);
        Files.delete(first.path().resolve("etc/os-release"));

        Rootfs second = cache.unpack(image.path());

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(marker)).isEqualTo(old);
        assertThat(second.path().resolve("etc/os-release")).as("not unpacked again").doesNotExist();
    }

    @Test
    void aChangedSourceIsANewKey() {
        Path source = tmp.resolve("image.tar");
        ImageCache cache = new ImageCache(tmp.resolve("cache"));
        TestImages.dockerSave(source, LAYERS);
        Rootfs first = cache.unpack(source);

        TestImages.dockerSave(source, List.of(layer(file("only", "1", 0644))));
        Rootfs second = cache.unpack(source);

        assertThat(second.digest()).isNotEqualTo(first.digest());
        assertThat(second.path().resolve("only")).exists();
    }

    @Test
    void concurrentUnpacksOfOneImageLeaveOneDirectory() throws Exception {
        TestImages.Written image = TestImages.ociTar(tmp.resolve("image.tar"), LAYERS);
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Rootfs>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // Separate instances, as separate processes would have.
                ImageCache cache = new ImageCache(tmp.resolve("cache"));
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.unpack(image.path());
                }));
            }
            start.countDown();
            List<Rootfs> rootfs = new ArrayList<>();
            for (Future<Rootfs> f : results) {
                rootfs.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(rootfs).allMatch(r -> r.equals(rootfs.getFirst()));
        } finally {
            pool.shutdownNow();
        }
        assertThat(names(tmp.resolve("cache"))).containsExactly(image.manifest().substring(7));
        assertThat(names(tmp.resolve("cache").resolve(image.manifest().substring(7))))
                .containsExactly("complete", "rootfs");
    }

    @Test
    void busyboxImageUnpacksAndRuns() throws Exception {
        TestImages.Written image = TestImages.busybox(tmp.resolve("busybox"));

        Rootfs rootfs = new ImageCache(tmp.resolve("cache")).unpack(image.path());

        Path root = rootfs.path();
        assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.isExecutable(root.resolve("bin/busybox"))).isTrue();
        assertThat(root.resolve("etc/passwd")).exists();
        assertThat(Files.exists(root.resolve("etc/motd"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(rootfs.config().cmd()).containsExactly("/app/hello.sh");
        assertThat(rootfs.config().workingDir()).contains("/app");
        assertThat(rootfs.config().user()).isEmpty();
        // Static busybox runs from the host too: the unpacked binary and script are intact.
        Process p = new ProcessBuilder(root.resolve("bin/busybox").toString(), "sh",
                root.resolve("app/hello.sh").toString()).redirectErrorStream(true).start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("hello from the image\n");
        assertThat(p.waitFor()).isZero();
    }
}
