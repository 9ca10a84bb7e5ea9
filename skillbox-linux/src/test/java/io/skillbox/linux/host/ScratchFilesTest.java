package io.skillbox.linux.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cases a walk's {@code lstat} cannot rule out: the file changed between that and the open. */
class ScratchFilesTest {
    @TempDir
    Path root;

    @Test
    void readsARegularFileUpToTheLimit() throws IOException {
        Path file = Files.writeString(root.resolve("f"), "0123456789");
        ScratchFiles.Regular all = (ScratchFiles.Regular) ScratchFiles.read(root, file, 100);
        assertThat(new String(all.content(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        assertThat(all.truncated()).isFalse();

        ScratchFiles.Regular some = (ScratchFiles.Regular) ScratchFiles.read(root, file, 4);
        assertThat(some.content()).hasSize(4);
        assertThat(some.size()).isEqualTo(10);
        assertThat(some.truncated()).isTrue();
    }

    @Test
    void aFifoSwappedInAfterLstatIsSkippedWithoutBlocking() throws Exception {
        Path fifo = root.resolve("was-a-file");
        WorkSnapshotTest.mkfifo(fifo);
        ScratchFiles.Read read = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ScratchFiles.read(root, fifo, 100));
        assertThat(read).isEqualTo(new ScratchFiles.Skipped("not a regular file (a named pipe)"));
    }

    @Test
    void aSymlinkSwappedInAfterLstatIsNotFollowed() throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("was-a-file"), Path.of("/etc/shadow"));
        assertThat(ScratchFiles.read(root, link, 100))
                .isEqualTo(new ScratchFiles.Skipped("not a regular file (a symbolic link, not followed)"));
    }

    @Test
    void aDirectorySwappedForASymlinkIsNotReadThrough(@TempDir Path host) throws IOException {
        Files.writeString(host.resolve("secret"), "host secret");
        Files.createSymbolicLink(root.resolve("dir"), host);
        ScratchFiles.Read read = ScratchFiles.read(root, root.resolve("dir/secret"), 100);
        String resolved = host.toRealPath().resolve("secret").toString();
        assertThat(read).isInstanceOfSatisfying(ScratchFiles.Skipped.class, s ->
                assertThat(s.why()).startsWith("not where it was found (it resolved to " + resolved + ")"));
    }

    @Test
    void aNameWithALineBreakReadsFine() throws IOException {
        Path file = Files.writeString(root.resolve("a\nb"), "x");
        assertThat(ScratchFiles.read(root, file, 100)).isInstanceOf(ScratchFiles.Regular.class);
    }
}
