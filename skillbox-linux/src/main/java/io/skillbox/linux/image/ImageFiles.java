package io.skillbox.linux.image;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The files of an image source, by normalised path inside it ({@code index.json},
 * {@code blobs/sha256/<hex>}, {@code <id>/layer.tar}). Nothing read here is trusted: callers verify
 * digests, and the implementations keep every path inside the source.
 */
sealed interface ImageFiles extends AutoCloseable permits DirectoryFiles, TarFiles {
    /** Opens {@code source}: an image layout directory, or a tar of one or of {@code docker save}. */
    static ImageFiles open(Path source, Path scratchParent, UnpackLimits limits) {
        try {
            if (Files.isDirectory(source)) {
                return new DirectoryFiles(source);
            }
            if (Files.isRegularFile(source)) {
                return TarFiles.scan(source, scratchParent, limits);
            }
        } catch (IOException e) {
            throw ImageErrors.malformed(source.toString(), "cannot be read as an image: " + e.getMessage(),
                    "pass an OCI image layout directory, its tar, or a `docker save` tarball", e);
        }
        throw new SkillboxException(ErrorCode.INVALID_REQUEST, "image source " + source
                + " is neither a directory nor a file (fix: pass an OCI image layout directory, its tar,"
                + " or a `docker save` tarball)");
    }

    /** Whether a regular file is at {@code path}. */
    boolean exists(String path);

    /** Opens the file at {@code path}; fails with {@link java.nio.file.NoSuchFileException} if absent. */
    InputStream open(String path) throws IOException;

    /** Makes the given (large) files cheap to open; a hint for tar sources, nothing for directories. */
    void prepare(Collection<String> paths) throws IOException;

    /** How to name {@code path} in messages. */
    String describe(String path);

    /** Removes scratch copies; the source itself is never touched. */
    @Override
    void close();
}
