package io.skillbox.core.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probing the policy's system paths on a real (temporary) tree. */
class HostLayoutTest {

    @Test
    void probesDirectoriesFilesLinksAndMissingPathsInTheOrderGiven(@TempDir Path dir) throws Exception {
        Path usr = Files.createDirectories(dir.resolve("usr/bin"));
        Path cache = Files.writeString(dir.resolve("ld.so.cache"), "cache");
        Path bin = Files.createSymbolicLink(dir.resolve("bin"), Path.of("usr/bin"));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        Path missing = dir.resolve("libx32");
        List<String> paths = List.of(usr.toString(), cache.toString(), bin.toString(), dangling.toString(),
                missing.toString());

        HostLayout layout = HostLayout.probe(paths);

        assertThat(layout.entries().keySet()).containsExactlyElementsOf(paths);
        assertThat(layout.entries().get(usr.toString())).isEqualTo(new HostLayout.Entry.Present(usr.toRealPath()));
        assertThat(layout.entries().get(cache.toString())).isEqualTo(new HostLayout.Entry.Present(cache.toRealPath()));
        assertThat(layout.entries().get(bin.toString()))
                .isEqualTo(new HostLayout.Entry.Link("usr/bin", usr.toRealPath()));
        assertThat(layout.entries().get(dangling.toString())).isEqualTo(new HostLayout.Entry.Missing());
        assertThat(layout.entries().get(missing.toString())).isEqualTo(new HostLayout.Entry.Missing());
    }
}
