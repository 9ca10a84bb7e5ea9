package io.skillbox.core.manifest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A skill bundle on disk whose manifest was read and whose tree was checked: no symlink leaves it,
 * no file is over the size cap, and every path the manifest names stays inside it.
 *
 * @param root     the bundle directory, absolute and with symlinks resolved
 * @param manifest the validated manifest
 * @param format   which manifest format it was read from ({@code skill.yaml} for skillbox/v1)
 */
public record Bundle(Path root, Manifest manifest, String format) {
    public Bundle {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(format, "format");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("bundle root must be absolute: " + root);
        }
    }
}
