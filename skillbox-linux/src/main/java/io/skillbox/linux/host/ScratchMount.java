package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import java.nio.file.Path;

/**
 * The run's writable scratch space: a tmpfs mounted on the host (so that artifacts can be read after
 * the sandbox is gone), capped in bytes and inodes, owned by the run's host uid, mode 0700 so no other
 * run's uid can enter it, and without setuid binaries or device nodes.
 */
public final class ScratchMount implements AutoCloseable {
    private final Path path;
    private boolean mounted;

    private ScratchMount(Path path) {
        this.path = path;
        this.mounted = true;
    }

    public static ScratchMount mount(Path mountPoint, long sizeBytes, int uid, int gid) {
        long inodes = Math.max(4096, sizeBytes / 4096);
        Libc.mount("skillbox-scratch", mountPoint.toString(), "tmpfs", Libc.MS_NOSUID | Libc.MS_NODEV,
                "size=" + sizeBytes + ",nr_inodes=" + inodes + ",mode=0700,uid=" + uid + ",gid=" + gid);
        return new ScratchMount(mountPoint);
    }

    public Path path() {
        return path;
    }

    /** Detaches the tmpfs; its pages are freed once nothing references them. */
    @Override
    public void close() {
        if (mounted) {
            mounted = false;
            Libc.umount2(path.toString(), Libc.MNT_DETACH);
        }
    }
}
