package io.skillbox.linux.oci;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's stdin (the params document in a memfd), stdout and stderr (pipes), as the descriptors the
 * child gets and skillbox's read ends. The child's copies are closed right after the spawn; the read ends
 * are taken by the run, and whatever was not taken is closed with this object.
 */
final class ChildStdio implements AutoCloseable {
    private final List<Integer> childSide = new ArrayList<>();
    private final List<Spawner.FdMapping> mappings = new ArrayList<>();
    private int stdoutRead = -1;
    private int stderrRead = -1;

    static ChildStdio create(byte[] stdin) {
        ChildStdio s = new ChildStdio();
        try {
            s.give(Libc.memfdWith("skillbox-stdin", stdin), 0);
            int[] out = Libc.pipe2(Libc.O_CLOEXEC);
            s.stdoutRead = out[0];
            s.give(out[1], 1);
            int[] err = Libc.pipe2(Libc.O_CLOEXEC);
            s.stderrRead = err[0];
            s.give(err[1], 2);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void give(int fd, int childFd) {
        childSide.add(fd);
        int high = Libc.dupCloexec(fd, Spawner.FIRST_PARENT_FD);
        childSide.add(high);
        mappings.add(new Spawner.FdMapping(high, childFd));
    }

    List<Spawner.FdMapping> mappings() {
        return List.copyOf(mappings);
    }

    synchronized void closeChildSide() {
        childSide.forEach(Libc::closeQuietly);
        childSide.clear();
    }

    synchronized int takeStdoutRead() {
        int fd = stdoutRead;
        stdoutRead = -1;
        return fd;
    }

    synchronized int takeStderrRead() {
        int fd = stderrRead;
        stderrRead = -1;
        return fd;
    }

    @Override
    public synchronized void close() {
        closeChildSide();
        for (int fd : new int[] {stdoutRead, stderrRead}) {
            if (fd >= 0) {
                Libc.closeQuietly(fd);
            }
        }
        stdoutRead = -1;
        stderrRead = -1;
    }
}
