package io.skillbox.core.manifest;

import io.skillbox.core.error.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One manifest format skillbox reads: the file at the bundle root that marks a bundle as written in it, and
 * how that file's fields map onto a {@link Manifest}. {@link BundleLoader} has already checked the tree as
 * hostile and read the file (a regular file, size-capped, strict UTF-8) before a format's reader sees its text.
 *
 * @param file   the file that marks the format, e.g. {@code manifest.yaml}
 * @param label  how the format is named in {@link Bundle#format()} and by {@code skillbox check}, e.g.
 *               {@code manifest.yaml (Skillware)}
 * @param reader maps the file's text onto a manifest
 */
public record ManifestFormat(String file, String label, Reader reader) {
    public ManifestFormat {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reader, "reader");
    }

    /** How a format's file becomes a manifest. */
    @FunctionalInterface
    public interface Reader {
        /**
         * Every problem is added, not just the first: attempts to reach outside the bundle to {@code unsafe}, the
         * rest to {@code invalid}, each naming the field as the format spells it.
         *
         * @param root the bundle directory, absolute and real
         * @param text the file's text
         * @return empty when any problem was found
         */
        Optional<Read> read(Path root, String text, List<Violation> invalid, List<Violation> unsafe);
    }

    /**
     * A format's file as skillbox reads it.
     *
     * @param notes how fields were mapped or why they were left out, for {@code skillbox check}
     */
    public record Read(Manifest manifest, List<String> notes) {
        public Read {
            Objects.requireNonNull(manifest, "manifest");
            notes = List.copyOf(notes);
        }
    }
}
