package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's tier commands, through the CLI with real bwrap, runc and runsc: the same example skill gives the
 * same result on every tier, each run by its own backend; and the image example, built by its own script, runs on
 * its image's root filesystem.
 */
class IsolationTiersCliIT {
    @TempDir
    static Path stateDir;

    @ParameterizedTest
    @CsvSource({"namespaces, bwrap", "container, runc", "gvisor, runsc"})
    void theSameExampleRunsOnEveryTier(String tier, String backend) {
        Cli.Result r = Cli.withPolicy(Cli.isolatedPolicy(stateDir, ""), "run", Cli.example("word-count"),
                "--params", "{\"text\": \"a b a\"}", "--isolation", tier, "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("\"backend\" : \"" + backend + "\"", "\"isolation\" : \"" + tier + "\"",
                "\"words\" : 3", "\"unique\" : 2");
    }

    @Test
    void theImageExampleRunsOnItsOwnRoot(@TempDir Path tmp) throws IOException, InterruptedException {
        Path bundle = tmp.resolve("busybox-image");
        Files.createDirectories(bundle);
        for (String f : new String[] {"skill.yaml", "main.sh", "build-image.sh"}) {
            Files.copy(Cli.EXAMPLES.resolve("busybox-image").resolve(f), bundle.resolve(f));
        }
        Process build = new ProcessBuilder(bundle.resolve("build-image.sh").toString()).inheritIO().start();
        assertThat(build.waitFor(60, TimeUnit.SECONDS) && build.exitValue() == 0).as("build-image.sh").isTrue();
        // The skill runs as a uid that owns nothing: the bundle must be readable by others.
        try (var walk = Files.walk(tmp)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
                        : Files.isExecutable(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }

        Cli.Result r = Cli.withPolicy(Cli.isolatedPolicy(stateDir, ""), "run", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("\"os\" : \"skillbox busybox demo image\"", "\"python3\" : \"absent\"");
    }
}
