package io.skillbox.linux.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.forensics.ForensicsContents;
import io.skillbox.core.forensics.ForensicsVerifier;
import io.skillbox.core.forensics.ForensicsWriter;
import io.skillbox.core.forensics.SnapshotFile;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.forensics.WorkSnapshotInfo;
import io.skillbox.core.forensics.WorkSnapshotInfo.Captured;
import io.skillbox.core.forensics.WorkSnapshotInfo.Dropped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

class WorkSnapshotTest {
    @TempDir
    Path work;

    @Test
    void keepsTheFirstFilesInNameOrderUpToTheFileCap() throws IOException {
        for (String name : List.of("e", "c", "a", "d", "b")) {
            write(name, "0123456789");
        }
        WorkCapture snapshot = WorkSnapshot.capture(work, 3, 1000);

        assertThat(snapshot.files()).extracting(SnapshotFile::path).containsExactly("a", "b", "c");
        Captured info = (Captured) snapshot.info();
        assertThat(info.filesDropped()).isEqualTo(2);
        assertThat(info.bytesDropped()).isEqualTo(20);
        assertThat(info.dropped()).containsExactly(new Dropped("d", "over the file cap (3)"),
                new Dropped("e", "over the file cap (3)"));
    }

    @Test
    void dropsFilesOverTheRemainingByteBudgetButKeepsSmallerOnesAfter() throws IOException {
        write("a", "x".repeat(6));
        write("b", "x".repeat(6));
        write("c", "x".repeat(4));
        WorkCapture snapshot = WorkSnapshot.capture(work, 10, 10);

        assertThat(snapshot.files()).extracting(SnapshotFile::path).containsExactly("a", "c");
        Captured info = (Captured) snapshot.info();
        assertThat(info.filesDropped()).isEqualTo(1);
        assertThat(info.bytesDropped()).isEqualTo(6);
        assertThat(info.dropped()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("b");
            assertThat(d.why()).isEqualTo("6 bytes, over the byte cap (4 left of 10)");
        });
    }

    @Test
    void neverFollowsASymlinkButSaysWhereItPointed() throws IOException {
        Files.createSymbolicLink(work.resolve("shadow"), Path.of("/etc/shadow"));
        Files.createSymbolicLink(work.resolve("etc"), Path.of("/etc"));
        WorkCapture snapshot = WorkSnapshot.capture(work);

        assertThat(snapshot.files()).isEmpty();
        assertThat(((Captured) snapshot.info()).dropped()).containsExactly(
                new Dropped("etc", "symbolic link to '/etc', not followed"),
                new Dropped("shadow", "symbolic link to '/etc/shadow', not followed"));
    }

    @Test
    void aFifoDoesNotHangTheWalk() throws Exception {
        mkfifo(work.resolve("pipe"));
        write("after", "ok");
        WorkCapture snapshot = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> WorkSnapshot.capture(work));

        assertThat(snapshot.files()).extracting(SnapshotFile::path).containsExactly("after");
        assertThat(((Captured) snapshot.info()).dropped())
                .containsExactly(new Dropped("pipe", "not a regular file (a pipe, socket or device)"));
    }

    @Test
    void goesSixteenLevelsDeepAndNoFurther() throws IOException {
        Path dir = work;
        for (int level = 1; level <= 20; level++) {
            Files.writeString(dir.resolve("f"), "level " + level);
            dir = Files.createDirectory(dir.resolve("d"));
        }
        WorkCapture snapshot = WorkSnapshot.capture(work);

        assertThat(snapshot.files()).hasSize(WorkSnapshot.MAX_DEPTH).extracting(SnapshotFile::path)
                .contains("f", "d/".repeat(WorkSnapshot.MAX_DEPTH - 1) + "f");
        assertThat(((Captured) snapshot.info()).dropped()).containsExactly(new Dropped(
                "d/".repeat(WorkSnapshot.MAX_DEPTH - 1) + "d", "directory deeper than 16 levels, not entered"));
    }

    @Test
    void keepsHostileNamesAndModesExactly() throws IOException {
        List<String> names = List.of("with space", "naïve ☃.txt", "new\nline", "back\\slash", "%41", "-rf", ".hidden");
        for (String name : names) {
            write(name, name);
        }
        Files.setPosixFilePermissions(work.resolve("-rf"), PosixFilePermissions.fromString("rwxr-x--x"));
        WorkCapture snapshot = WorkSnapshot.capture(work);

        assertThat(snapshot.files()).extracting(SnapshotFile::path).containsExactlyInAnyOrderElementsOf(names);
        assertThat(snapshot.files()).allSatisfy(f ->
                assertThat(new String(f.content(), StandardCharsets.UTF_8)).isEqualTo(f.path()));
        assertThat(snapshot.files()).filteredOn(f -> f.path().equals("-rf")).singleElement()
                .extracting(SnapshotFile::mode).isEqualTo(0751);
    }

    @Test
    void aSnapshotOfHostileNamesMakesAValidBundle() throws IOException {
        write("new\nline", "a");
        write("sub/..\\..\\evil", "b");
        Files.createSymbolicLink(work.resolve("shadow"), Path.of("/etc/shadow"));
        WorkCapture snapshot = WorkSnapshot.capture(work);
        HostKey key = HostKey.of(Ed25519.generate());
        ForensicsContents contents = new ForensicsContents("run-1", JsonNodeFactory.instance.objectNode(),
                new byte[0], new byte[0], null, List.of(), snapshot.files(), snapshot.info(), Instant.EPOCH, "requested");

        Path zip = ForensicsWriter.write(work.getParent().resolve(work.getFileName() + ".zip"), contents, key);
        try {
            assertThat(ForensicsVerifier.verify(zip, Optional.of(key.publicKey())).problems()).isEmpty();
        } finally {
            Files.delete(zip);
        }
    }

    @Test
    void somethingThatIsNotADirectoryIsNotCaptured() throws IOException {
        Path file = write("file", "x");
        assertThat(WorkSnapshot.capture(file).info()).isInstanceOf(WorkSnapshotInfo.NotCaptured.class);
        assertThat(WorkSnapshot.capture(work.resolve("missing")).info()).isInstanceOf(WorkSnapshotInfo.NotCaptured.class);
        Path link = Files.createSymbolicLink(work.resolve("link"), work);
        assertThat(WorkSnapshot.capture(link).info()).isInstanceOf(WorkSnapshotInfo.NotCaptured.class);
    }

    @Test
    void listsOnlySoManyDroppedEntriesButCountsThemAll() throws IOException {
        for (int i = 0; i < WorkSnapshot.MAX_DROPPED_LISTED + 10; i++) {
            write(String.format("f%04d", i), "x");
        }
        Captured info = (Captured) WorkSnapshot.capture(work, 0, 100).info();
        assertThat(info.filesDropped()).isEqualTo(WorkSnapshot.MAX_DROPPED_LISTED + 10);
        assertThat(info.dropped()).hasSize(WorkSnapshot.MAX_DROPPED_LISTED);
    }

    private Path write(String rel, String content) throws IOException {
        Path file = work.resolve(rel);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).as("mkfifo").isZero();
    }
}
