package io.skillbox.linux.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What one OCI run may leave on the host: its bundle directory, a mount under it, the runtime's state of it. */
final class OciLeftovers {
    private OciLeftovers() {}

    static List<String> of(String runId, OciRuntime runtime) {
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
