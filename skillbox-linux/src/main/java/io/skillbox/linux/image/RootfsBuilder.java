package io.skillbox.linux.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Applies an image's layers to an empty directory, hashing each blob while it streams through: the
 * stored bytes against the layer's digest and the uncompressed tar against its {@code diff_id}. A
 * mismatch is found only after the layer was written, which is safe because the directory is scratch
 * that the caller discards on any failure.
 */
final class RootfsBuilder {
    private RootfsBuilder() {}

    static void build(ResolvedImage image, ImageFiles files, Path rootfs, UnpackLimits limits) {
        LayerApplier applier = new LayerApplier(rootfs, limits);
        try {
            files.prepare(image.layers().stream().map(ResolvedImage.Layer::file).toList());
        } catch (DigestingInputStream.LimitExceededException e) {
            throw ImageErrors.unsafe(files.describe(""), e.getMessage(), "use a smaller image or raise the limit");
        } catch (IOException e) {
            throw ImageErrors.malformed(files.describe(""), "cannot be read: " + e.getMessage(),
                    "export the image again", e);
        }
        for (ResolvedImage.Layer layer : image.layers()) {
            apply(layer, files, applier, limits);
        }
        try {
            applier.finish();
        } catch (IOException e) {
            throw ImageErrors.internal("cannot set modes in " + rootfs, e);
        }
    }

    private static void apply(ResolvedImage.Layer layer, ImageFiles files, LayerApplier applier,
            UnpackLimits limits) {
        String name = files.describe(layer.file());
        try (BufferedInputStream raw = new BufferedInputStream(files.open(layer.file()), 65536)) {
            boolean gzip = switch (layer.compression()) {
                case NONE -> false;
                case GZIP -> true;
                case DETECT -> Compression.isGzip(raw);
            };
            DigestingInputStream stored = new DigestingInputStream(raw, limits.maxStreamBytes(), name);
            DigestingInputStream tar = gzip
                    ? new DigestingInputStream(new GZIPInputStream(stored, 65536), limits.maxStreamBytes(), name)
                    : stored;
            applier.apply(tar, name);
            tar.drain();
            stored.drain();
            Digest storedDigest = stored.digest();
            Digest tarDigest = gzip ? tar.digest() : storedDigest;
            if (layer.digest().isPresent() && !layer.digest().get().equals(storedDigest)) {
                throw ImageErrors.digestMismatch(name, "the layer", layer.digest().get(), storedDigest);
            }
            if (layer.size() >= 0 && stored.count() != layer.size()) {
                throw ImageErrors.unsafe(name, "the layer is " + stored.count() + " bytes but the manifest says "
                        + layer.size(), "export the image again");
            }
            if (!layer.diffId().equals(tarDigest)) {
                throw ImageErrors.digestMismatch(name, "the uncompressed layer (its diff_id)", layer.diffId(),
                        tarDigest);
            }
        } catch (DigestingInputStream.LimitExceededException e) {
            throw ImageErrors.unsafe(name, e.getMessage(), "use a smaller image or raise the unpack limit");
        } catch (IOException e) {
            throw ImageErrors.malformed(name, "the layer cannot be unpacked: " + e.getMessage(),
                    "export the image again", e);
        }
    }
}
