package io.skillbox.linux.image;

import java.util.List;
import java.util.Optional;

/**
 * What the image's documents say, after their digests were checked: the cache key, the process
 * defaults and the layers to apply, bottom first.
 */
record ResolvedImage(Digest key, ImageConfig config, List<Layer> layers) {
    ResolvedImage {
        layers = List.copyOf(layers);
    }

    /**
     * One layer blob.
     *
     * @param file        its path inside the image source
     * @param digest      the digest of the blob as stored; empty for a legacy {@code docker save} layer
     * @param size        its size in bytes as the manifest states it, or -1 if unstated
     * @param compression how it is compressed
     * @param diffId      the digest of the uncompressed tar, from the config's {@code rootfs.diff_ids}
     */
    record Layer(String file, Optional<Digest> digest, long size, Compression compression, Digest diffId) {}
}
