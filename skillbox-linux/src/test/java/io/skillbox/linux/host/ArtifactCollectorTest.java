package io.skillbox.linux.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skillbox.core.backend.ProcessOutcome.CollectedArtifact;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.ArtifactSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCollectorTest {
    @Test
    void collectsRegularFilesAndSkipsLinksAndPipes(@TempDir Path scratch) throws Exception {
        Path out = Files.createDirectory(scratch.resolve("out"));
        Files.writeString(out.resolve("result.txt"), "42");
        Files.createSymbolicLink(out.resolve("shadow"), Path.of("/etc/shadow"));
        WorkSnapshotTest.mkfifo(out.resolve("pipe"));

        ArtifactCollector.Collected collected = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ArtifactCollector.collect(scratch, "/work", new ArtifactSpec("/work/out", 10, 1000)));

        assertThat(collected.artifacts()).extracting(CollectedArtifact::path).containsExactly("result.txt");
        assertThat(collected.dropped()).extracting(Violation::problem).containsExactlyInAnyOrder(
                "artifact shadow skipped: not a regular file", "artifact pipe skipped: not a regular file");
    }
}
