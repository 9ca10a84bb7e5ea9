package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.Skillbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one OCI run may leave on the host: its bundle directory, a mount under it, the runtime's state of it. Looked
 * for once the run has released them, which it does right after handing over its outcome.
 */
final class OciLeftovers {
    private OciLeftovers() {}

    static List<String> of(Skillbox box, String runId, OciRuntime runtime) {
        assertThat(box.awaitReleased(Duration.ofSeconds(10))).as("the run released its host resources in time").isTrue();
        List<String> left = new ArrayList<>();
        Path bundle = Path.of("/run/skillbox/oci", runId);
        if (Files.exists(bundle)) {
            left.add("bundle directory " + bundle);
        }
        try {
            if (Files.readString(Path.of("/proc/self/mountinfo")).contains(bundle.toString())) {
                left.add("a mount under " + bundle);
            }
            Path state = Path.of("/run/skillbox", runtime.binary());
            if (Files.isDirectory(state)) {
                try (Stream<Path> entries = Files.list(state)) {
                    entries.filter(e -> e.getFileName().toString().contains(runId))
                            .forEach(e -> left.add("runtime state " + e));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return left;
    }
}
