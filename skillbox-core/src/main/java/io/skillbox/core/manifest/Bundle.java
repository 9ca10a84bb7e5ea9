package io.skillbox.core.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A skill bundle on disk whose manifest was read and whose tree was checked: no symlink leaves it,
 * no file is over the size cap, and every path the manifest names stays inside it.
 *
 * @param root     the bundle directory, absolute and with symlinks resolved
 * @param manifest the validated manifest
 * @param format   which manifest format it was read from ({@code skill.yaml} for skillbox/v1,
 *                 {@code manifest.yaml (Skillware)}, {@code SKILL.md (Agent Skills)})
 * @param notes    how fields of another format were mapped or why they were left out, one line each, for
 *                 {@code skillbox check}; empty for skill.yaml
 */
public record Bundle(Path root, Manifest manifest, String format, List<String> notes) {
    public Bundle {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(format, "format");
        notes = List.copyOf(notes);
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("bundle root must be absolute: " + root);
        }
    }

    public Bundle(Path root, Manifest manifest, String format) {
        this(root, manifest, format, List.of());
    }

    /** The same bundle, run with another manifest (e.g. with the entrypoint of the script a run chose). */
    public Bundle withManifest(Manifest other) {
        return new Bundle(root, other, format, notes);
    }
}
