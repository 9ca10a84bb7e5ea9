package io.skillbox.linux.image;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An unpacked image in the cache. The directory is shared by every run of the image and must only be
 * mounted read-only.
 *
 * @param path   the root filesystem directory
 * @param digest the cache key: the manifest digest, or for a legacy {@code docker save} tarball the
 *               config's digest, as {@code sha256:<hex>}
 * @param config the image's process defaults
 */
public record Rootfs(Path path, String digest, ImageConfig config) {
    public Rootfs {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(config, "config");
    }
}
