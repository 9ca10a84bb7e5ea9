package io.skillbox.core.run;

import static io.skillbox.core.backend.FakeBackend.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.backend.FakeBackend;
import io.skillbox.core.backend.ProcessOutcome.CollectedArtifact;
import io.skillbox.core.backend.Termination;
import io.skillbox.spec.Isolation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Artifacts come back to {@code <artifactDir>/<runId>/} and nowhere else, whatever their paths say. */
class ArtifactSavingTest {
    @TempDir
    Path temp;
    Path artifacts;
    FakeBackend backend;
    Skillbox box;
    RunRequest request;

    @BeforeEach
    void skillbox() throws Exception {
        Path bundle = Bundles.write(temp.resolve("counter"), Bundles.COUNTER);
        artifacts = Files.createDirectories(temp.resolve("artifacts/nested"));
        backend = new FakeBackend("fake", Isolation.NAMESPACES);
        box = Skillbox.builder().backend(backend).build();
        request = RunRequest.of(bundle, "{\"text\": \"a\"}").withArtifactDir(artifacts);
    }

    @AfterEach
    void close() {
        box.close();
    }

    private static CollectedArtifact artifact(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new CollectedArtifact(path, bytes.length, "sha-of-" + path, bytes);
    }

    private RunResult runLeaving(CollectedArtifact... left) {
        backend.answering(outcome(new Termination.Exited(0), "{\"words\": 1}", List.of(left)));
        return box.run(request);
    }

    @Test
    void artifactsAreSavedUnderTheArtifactDirectoryInADirectoryNamedAfterTheRun() throws Exception {
        RunResult r = runLeaving(artifact("report.md", "# Report\n"), artifact("data/table.csv", "1,2\n"));

        Path runDir = artifacts.resolve(r.runId());
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runDir.resolve("report.md")).hasContent("# Report");
        assertThat(runDir.resolve("data/table.csv")).hasContent("1,2");
        assertThat(r.artifacts()).containsExactly(
                new RunResult.Artifact("report.md", 9, "sha-of-report.md", runDir.resolve("report.md").toString()),
                new RunResult.Artifact("data/table.csv", 4, "sha-of-data/table.csv",
                        runDir.resolve("data/table.csv").toString()));
    }

    @Test
    void withoutAnArtifactDirectoryArtifactsAreOnlyListed() throws Exception {
        backend.answering(outcome(new Termination.Exited(0), "{\"words\": 1}", List.of(artifact("a.txt", "a"))));

        RunResult r = box.run(new RunRequest(request.bundle(), request.params(), Optional.empty()));

        assertThat(r.artifacts()).containsExactly(new RunResult.Artifact("a.txt", 1, "sha-of-a.txt", null));
        try (Stream<Path> files = Files.walk(temp)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("a.txt"))).isEmpty();
        }
    }

    @Test
    void twoRunsSharingAnArtifactDirectoryDoNotCollide() {
        RunResult first = runLeaving(artifact("out.txt", "first"));
        RunResult second = runLeaving(artifact("out.txt", "second"));

        assertThat(List.of(first.status(), second.status())).containsOnly(RunStatus.SUCCEEDED);
        assertThat(artifacts.resolve(first.runId()).resolve("out.txt")).hasContent("first");
        assertThat(artifacts.resolve(second.runId()).resolve("out.txt")).hasContent("second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "../x", "sub/../../x", "..", ".", ""})
    void aHostileRelativeArtifactPathNeverEscapesTheArtifactDirectory(String path) throws Exception {
        RunResult r = runLeaving(artifact(path, "escaped"));

        assertThat(r.status()).isEqualTo(RunStatus.ERROR);
        assertThat(r.error().code()).isEqualTo("internal");
        assertThat(r.error().message()).contains("escapes the artifact directory");
        assertNothingWrittenOutside(artifacts.resolve(r.runId()));
    }

    @Test
    void anAbsoluteArtifactPathNeverEscapesTheArtifactDirectory() throws Exception {
        Path outside = temp.resolve("outside.txt");

        RunResult r = runLeaving(artifact(outside.toString(), "escaped"));

        assertThat(r.status()).isEqualTo(RunStatus.ERROR);
        assertThat(outside).doesNotExist();
        assertNothingWrittenOutside(artifacts.resolve(r.runId()));
    }

    /** Every file under the test's temp dir is the bundle's, or inside {@code allowed}. */
    private void assertNothingWrittenOutside(Path allowed) throws Exception {
        try (Stream<Path> files = Files.walk(temp)) {
            assertThat(files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(allowed) && !p.startsWith(temp.resolve("counter"))))
                    .as("files written outside %s", allowed).isEmpty();
        }
    }
}
