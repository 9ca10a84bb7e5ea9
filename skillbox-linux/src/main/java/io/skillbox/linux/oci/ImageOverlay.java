package io.skillbox.linux.oci;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.NativeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An image's cached root filesystem under a writable overlay, mounted at the run's rootfs path. The cache is
 * shared by every run of the image and never written; the overlay's upper layer, in the run's bundle
 * directory, takes the mount points skillbox creates (and nothing else: the container sees the root
 * read-only). Unmounted before the bundle directory is removed.
 */
final class ImageOverlay implements AutoCloseable {
    private final Path mountPoint;

    private ImageOverlay(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * @param lower      the image's unpacked root filesystem (read-only, in the image cache)
     * @param bundleDir  the run's bundle directory; {@code rootfs}, {@code upper} and {@code overlay-work} are made in it
     */
    static ImageOverlay mount(Path lower, Path bundleDir) {
        Path rootfs = bundleDir.resolve("rootfs");
        Path upper = bundleDir.resolve("upper");
        Path work = bundleDir.resolve("overlay-work");
        try {
            for (Path dir : new Path[] {rootfs, upper, work}) {
                Files.createDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the image overlay in " + bundleDir, e);
        }
        // No nosuid/nodev flags: inside the container's user namespace they would be locked, and gVisor's Gofer,
        // remounting the root read-only without them, is refused. Nothing needs them: the cache holds no device
        // nodes and no setuid bits (ImageCache drops both), and the skill runs with no_new_privs.
        Libc.mount("overlay", rootfs.toString(), "overlay", 0,
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        return new ImageOverlay(rootfs);
    }

    /**
     * The first symbolic link on the way to {@code target} inside {@code rootfs}, as a sandbox path. skillbox
     * creates mount points as root on the host, and must never follow an image's links out of its tree: a spec
     * whose mount target has one is refused.
     */
    static Optional<String> linkOnTheWay(Path rootfs, String target) {
        Path at = rootfs;
        for (Path part : Path.of(target.substring(1))) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                return Optional.of("/" + rootfs.relativize(at));
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                break;
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            Libc.umount2(mountPoint.toString(), 0);
        } catch (NativeException e) {
            // Still busy (a runtime that has not let go): detach it so the tree can go.
            Libc.umount2(mountPoint.toString(), Libc.MNT_DETACH);
        }
    }
}
