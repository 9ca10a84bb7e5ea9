package io.skillbox.cli;

import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.Skillbox;
import java.io.File;
import io.skillbox.spec.Isolation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/** The checks doctor runs beyond the backends' own probes. */
final class DoctorProbes {
    private DoctorProbes() {}

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    }

    /** Runs a one-line skill through the real pipeline: proves namespaces, cgroups, seccomp and mounts work. */
    /** A one-line skill run on {@code tier} (the first available backend of that tier takes it). */
    static RunResult smokeTest(Skillbox box, Isolation tier) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("skillbox-doctor-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
            Path manifest = dir.resolve("skill.yaml");
            Files.writeString(manifest, """
                    apiVersion: skillbox/v1
                    name: doctor-smoke-test
                    version: 1.0.0
                    entrypoint: [/bin/sh, -c, 'cat >/dev/null; echo "{\\"ok\\": true}"']
                    runtime: { isolation: %s }
                    """.formatted(tier.wireName()));
            Files.setPosixFilePermissions(manifest, PosixFilePermissions.fromString("rw-r--r--"));
            return box.run(RunRequest.of(dir, "{}"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the smoke-test skill", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp dir is harmless; doctor's verdict does not depend on it
        }
    }
}
