package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.linux.image.TestImages;
import io.skillbox.linux.it.TestSkills;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Skills whose root filesystem is their own OCI image, under real runc and runsc: the image's files are there
 * and the host's are not, the shared cache is never written, and a tampered image or one whose links lead a
 * mount point astray is refused before anything starts.
 */
class OciImageIT {
    @TempDir
    static Path cache;
    private static Skillbox box;

    @BeforeAll
    static void open() {
        box = Skillbox.builder()
                .backend(new OciBackend(OciRuntime.RUNC, LinuxHost.Config.defaults(), cache))
                .backend(new OciBackend(OciRuntime.RUNSC, LinuxHost.Config.defaults(), cache))
                .build();
    }

    @AfterAll
    static void close() {
        box.close();
    }

    @ParameterizedTest
    @EnumSource(value = OciRuntime.class, names = {"RUNC", "RUNSC"})
    void runsOnItsImagesOwnRoot(OciRuntime runtime, @TempDir Path tmp) throws IOException {
        Path bundle = bundle(tmp, runtime, """
                /app/hello.sh
                ls /usr >/dev/null 2>&1 && echo "the host's /usr is visible"
                echo pwned > /bin/pwned 2>/dev/null && echo "wrote into the image's /bin"
                echo pwned > /app/pwned 2>/dev/null && echo "wrote into the image's /app"
                cat /etc/motd 2>/dev/null || echo "motd whited out"
                echo "uid $(id -u)"
                """);
        TestImages.busybox(bundle.resolve("image"));
        Map<String, String> before = cacheListing(bundle);

        RunResult r = box.run(RunRequest.of(bundle, "{}"));

        assertThat(r.status()).as(r.stderr() + " / " + r.error()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.backend()).isEqualTo(runtime.binary());
        assertThat(r.stdout()).contains("hello from the image", "motd whited out", "uid 1000")
                .doesNotContain("visible", "wrote into");
        assertThat(cacheListing(bundle)).as("the shared image cache after the run").isEqualTo(before);
        assertThat(OciLeftovers.of(box, r.runId(), runtime)).as("left behind by the run").isEmpty();
    }

    @Test
    void aTamperedImageIsRefusedBeforeAnythingStarts(@TempDir Path tmp) throws IOException {
        Path bundle = bundle(tmp, OciRuntime.RUNC, "echo ran\n");
        // An image of its own: a cached one (the cache is content-addressed by the manifest's digest) would be
        // used as verified before, without reading the tampered blob at all.
        TestImages.Written image = TestImages.ociLayout(bundle.resolve("image"), List.of(TestImages.layer(
                TestImages.dir("bin"), TestImages.file("unique", UUID.randomUUID().toString(), 0644))));
        Path layer = bundle.resolve("image/blobs/sha256").resolve(image.layers().getFirst().substring("sha256:".length()));
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 1;
        Files.write(layer, bytes);

        RunResult r = box.run(RunRequest.of(bundle, "{}"));

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.stdout()).doesNotContain("ran");
        assertThat(r.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.field()).startsWith("runtime.image"));
        assertThat(r.error().message()).contains("digest");
        assertThat(OciLeftovers.of(box, r.runId(), OciRuntime.RUNC)).as("left behind by the run").isEmpty();
    }

    @Test
    void anImageLinkOnTheWayToAMountPointIsRefused(@TempDir Path tmp) throws IOException {
        Path outside = Path.of("/tmp", "skillbox-escape-" + UUID.randomUUID());
        Path bundle = bundle(tmp, OciRuntime.RUNC, "echo ran\n");
        // /etc in the image points at a host path: creating /etc/passwd's mount point through it would write there.
        TestImages.ociLayout(bundle.resolve("image"), List.of(TestImages.layer(TestImages.dir("bin"),
                TestImages.symlink("etc", outside.toString()))));

        RunResult r = box.run(RunRequest.of(bundle, "{}"));

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.violations()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo("runtime.image");
            assertThat(v.problem()).contains("/etc is a symbolic link");
        });
        assertThat(outside).doesNotExist();
        assertThat(OciLeftovers.of(box, r.runId(), OciRuntime.RUNC)).as("left behind by the run").isEmpty();
    }

    private static Path bundle(Path tmp, OciRuntime runtime, String script) throws IOException {
        return TestSkills.write(Files.createDirectories(tmp.resolve("bundle")), """
                apiVersion: skillbox/v1
                name: image-probe
                version: 0.0.1
                entrypoint: [sh, main.sh]
                runtime: { isolation: %s, image: image }
                """.formatted(runtime.tier().wireName()), Map.of("main.sh", script));
    }

    /** The whole cache as path, type, mode and digest, after the image was unpacked by a check. */
    private static Map<String, String> cacheListing(Path bundle) {
        box.check(RunRequest.of(bundle, "{}"));
        return TestImages.describe(cache);
    }
}
