package io.skillbox.linux.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

/**
 * Hands out one unprivileged host uid (and gid of the same number) per live run, so that concurrent
 * runs never share an identity: even a run that escaped its namespaces could not touch another run's
 * files or signal its processes. Leases are {@code flock}ed files, so separate skillbox processes on
 * one host never hand out the same id at once.
 */
public final class HostIds {
    /** The default first id: far above login users, subuid ranges and systemd's dynamic and container ranges. */
    public static final int DEFAULT_BASE = 2_000_000_000;
    public static final int DEFAULT_COUNT = 4096;

    private final Path dir;
    private final int base;
    private final int count;
    private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

    public HostIds(StateDir state, int base, int count) {
        if (base <= 0 || count <= 0 || (long) base + count > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("host id range out of bounds: " + base + "+" + count);
        }
        this.dir = state.idsDir();
        this.base = base;
        this.count = count;
    }

    /** A held id; {@link #close} returns it. */
    public record Lease(int id, FileLock lock, Set<Integer> inUse) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release host id " + id, e);
            } finally {
                inUse.remove(id);
            }
        }
    }

    public Lease acquire() {
        for (int slot = 0; slot < count; slot++) {
            int id = base + slot;
            if (!inUse.add(id)) {
                continue;
            }
            FileLock lock = tryLock(id);
            if (lock != null) {
                return new Lease(id, lock, inUse);
            }
            inUse.remove(id);
        }
        throw new IllegalStateException("all " + count + " host ids from " + base + " are in use");
    }

    private FileLock tryLock(int id) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(Integer.toString(id)), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock host id " + id, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock attempt already failed; nothing else holds this channel
            }
        }
    }
}
