package io.skillbox.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void removesTheTreeAndNeverFollowsALinkOutOfIt() throws Exception {
        Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("keep"), "x");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "y");
        Files.createSymbolicLink(tmp.resolve("tree/link"), outside.getParent());

        FileTrees.delete(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("x");
    }

    @Test
    void aMissingTreeIsFine() {
        FileTrees.delete(tmp.resolve("never-made"));
        assertThat(tmp.resolve("never-made")).doesNotExist();
    }
}
