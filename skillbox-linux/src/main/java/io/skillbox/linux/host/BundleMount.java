package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import java.nio.file.Path;

/**
 * The skill's bundle, bind-mounted read-only (and nosuid, nodev) into the run's directory, where the
 * sandbox's unprivileged uid can reach it whatever the permissions of the bundle's parent directories.
 *
 * <p>The source is opened with {@code O_PATH|O_NOFOLLOW} and mounted through {@code /proc/self/fd}: the
 * kernel binds exactly the directory that was checked, even if a path component was swapped for a
 * symlink since. (bwrap's own {@code --ro-bind-fd} does not give this: version 0.8 turns the descriptor
 * back into a path with realpath(3) and binds that.) The bind is not recursive, so mounts inside the
 * bundle directory are not carried into the sandbox.
 */
public final class BundleMount implements AutoCloseable {
    private static final long MS_RDONLY = 1;
    private static final long MS_REMOUNT = 32;
    private static final long MS_BIND = 4096;

    private final Path path;
    private boolean mounted;

    private BundleMount(Path path) {
        this.path = path;
        this.mounted = true;
    }

    public static BundleMount mount(Path bundleRoot, Path mountPoint) {
        int fd = Libc.open(bundleRoot.toString(), Libc.O_PATH | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        try {
            Libc.mount("/proc/self/fd/" + fd, mountPoint.toString(), "none", MS_BIND, null);
        } finally {
            Libc.close(fd);
        }
        BundleMount m = new BundleMount(mountPoint);
        try {
            // A bind mount ignores MS_RDONLY on creation; read-only takes a remount of the new mount.
            Libc.mount("none", mountPoint.toString(), "none",
                    MS_REMOUNT | MS_BIND | MS_RDONLY | Libc.MS_NOSUID | Libc.MS_NODEV, null);
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (mounted) {
            mounted = false;
            Libc.umount2(path.toString(), Libc.MNT_DETACH);
        }
    }

    /**
     * Where a bind source is reached on the host: sources inside the skill's {@code bundle} through the run's
     * bundle mount at {@code bundleMount} (where the run's uid can reach them); everything else as is.
     */
    public static Path hostSource(Path source, Path bundle, Path bundleMount) {
        return source.startsWith(bundle) ? bundleMount.resolve(bundle.relativize(source)) : source;
    }
}
