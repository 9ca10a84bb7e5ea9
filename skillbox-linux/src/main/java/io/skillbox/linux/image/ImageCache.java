package io.skillbox.linux.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.UUID;

/**
 * Unpacked images, one directory per image: {@code <cacheDir>/<hex>/rootfs} and the marker
 * {@code <cacheDir>/<hex>/complete}, keyed by the manifest digest (for a legacy {@code docker save}
 * tarball, the config digest). The source's documents are read and verified on every call, so a changed
 * source is a new key; only the layers are skipped on a hit.
 *
 * <p>An unpack happens in {@code <cacheDir>/tmp-<random>} and is renamed into place in one step, so
 * concurrent unpacks of one image, from threads or processes, never see a partial tree: the first
 * rename wins and the others discard their copy.
 */
public final class ImageCache {
    private static final String ROOTFS = "rootfs";
    private static final String MARKER = "complete";

    private final Path cacheDir;
    private final UnpackLimits limits;
    private final Platform platform;

    /** A cache with {@link UnpackLimits#DEFAULT} limits. */
    public ImageCache(Path cacheDir) {
        this(cacheDir, UnpackLimits.DEFAULT);
    }

    public ImageCache(Path cacheDir, UnpackLimits limits) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath();
        this.limits = Objects.requireNonNull(limits, "limits");
        this.platform = Platform.host();
    }

    /** The cache directory. */
    public Path directory() {
        return cacheDir;
    }

    /**
     * Returns the unpacked root filesystem of the image at {@code source}, unpacking it first unless the
     * cache has it.
     *
     * @param source an OCI image layout directory, a tar of one, or a {@code docker save} tarball
     * @throws io.skillbox.core.error.SkillboxException if the image is malformed, does not match its
     *     digests, would escape its root or exceeds the limits; or if the cache cannot be written
     */
    public Rootfs unpack(Path source) {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw ImageErrors.internal("cannot create image cache " + cacheDir, e);
        }
        try (ImageFiles files = ImageFiles.open(source, cacheDir, limits)) {
            ResolvedImage image = ImageLayout.read(files, platform);
            Path entry = cacheDir.resolve(image.key().hex());
            if (!complete(entry)) {
                unpackInto(entry, image, files);
            }
            return new Rootfs(entry.resolve(ROOTFS), image.key().toString(), image.config());
        }
    }

    private void unpackInto(Path entry, ResolvedImage image, ImageFiles files) {
        Path tmp = cacheDir.resolve("tmp-" + UUID.randomUUID());
        try {
            try {
                Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path rootfs = Files.createDirectory(tmp.resolve(ROOTFS));
                RootfsBuilder.build(image, files, rootfs, limits);
                // Written last: a directory with the marker holds a whole tree.
                Files.writeString(tmp.resolve(MARKER), image.key() + "\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                discardIncomplete(entry);
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!complete(entry)) {
                    throw ImageErrors.internal("cannot unpack image into " + entry, e);
                }
                // Another unpack of the same image renamed its copy into place first; ours is discarded.
            } finally {
                Trees.delete(tmp);
            }
        } catch (IOException e) {
            throw ImageErrors.internal("cannot remove scratch directory " + tmp, e);
        }
    }

    /**
     * Moves aside an entry without its marker (left by hand or by a tool other than this class, since
     * this class only ever renames whole trees) so the rename can take its place.
     */
    private void discardIncomplete(Path entry) throws IOException {
        if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS) && !complete(entry)) {
            Path aside = cacheDir.resolve("tmp-stale-" + UUID.randomUUID());
            try {
                Files.move(entry, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.NoSuchFileException e) {
                return; // someone else moved it first
            }
            Trees.delete(aside);
        }
    }

    private static boolean complete(Path entry) {
        return Files.isRegularFile(entry.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
                && Files.isDirectory(entry.resolve(ROOTFS), LinkOption.NOFOLLOW_LINKS);
    }
}
