package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the cgroup drivers do to the host: cgroupfs files and directories, flock leases on cgroup
 * directories, and SIGKILL for members. Kept this small so that a recording fake can stand in for the
 * kernel in unit tests. Every failure is a {@link CgroupException} naming the path and errno.
 */
public interface CgroupFs {

    /** The whole file; {@code ENOENT} if it does not exist. */
    String read(Path file);

    /** One {@code write(2)} of {@code value}: cgroupfs applies each write as a single command. */
    void write(Path file, String value);

    boolean exists(Path path);

    /** Whether this process may write {@code path} (access(2) W_OK; false on a read-only mount). */
    boolean writable(Path path);

    /** Creates {@code dir}; returns false if it already existed (so concurrent creators both succeed). */
    boolean mkdir(Path dir);

    /** Removes the cgroup directory {@code dir}; {@code ENOENT} if gone, {@code EBUSY} while it has members. */
    void rmdir(Path dir);

    /** Names of the child directories of {@code dir}, sorted. */
    List<String> listDirs(Path dir);

    /**
     * A non-blocking {@code flock} on directory {@code dir}; empty if another open file description holds
     * a conflicting lock. The kernel drops the lock when its holder dies, which is what makes it a lease.
     */
    Optional<DirLock> tryLock(Path dir, boolean exclusive);

    /** Sends SIGKILL to {@code pid}; a process that is already gone is not an error. */
    void kill(int pid);

    /** A held {@link #tryLock} lease. */
    interface DirLock extends AutoCloseable {
        @Override
        void close();
    }

    /** The real host. */
    static CgroupFs host() {
        return new HostCgroupFs();
    }
}
