package io.skillbox.linux.oci;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a runtime needs on disk for one run: its {@code config.json}, plus what the runtime-spec cannot say
 * and the launcher must create in the rootfs skeleton first.
 *
 * @param config   the runtime-spec configuration
 * @param symlinks links to create in the skeleton (merged-/usr hosts: {@code /bin -> usr/bin})
 * @param files    the data files (synthetic /etc/passwd, ...) to write before the runtime binds them
 */
public record OciBundle(ObjectNode config, List<Symlink> symlinks, List<DataFile> files) {
    public OciBundle {
        symlinks = List.copyOf(symlinks);
        files = List.copyOf(files);
    }

    /** A symlink at {@code target} (absolute, inside the container) reading {@code linkText}. */
    public record Symlink(String linkText, String target) {}

    /** The content of {@code hostPath}, written with {@code mode} and bound read-only into the container. */
    public record DataFile(Path hostPath, String content, int mode) {}
}
