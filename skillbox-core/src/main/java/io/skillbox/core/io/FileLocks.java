package io.skillbox.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive sections over a lock file, against other processes ({@code fcntl} lock) and other threads of
 * this JVM. The second matters: a {@link FileLock} is held by the process, so a second thread locking the
 * same file throws {@code OverlappingFileLockException} instead of waiting, and closing any channel of
 * the file would drop the first thread's lock. Threads therefore take turns on a per-path JVM lock first.
 */
public final class FileLocks {
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private FileLocks() {}

    /** What runs under the lock. */
    public interface Action<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding {@code lockFile} (created if missing) exclusively. */
    public static <T> T withLock(Path lockFile, Action<T> action) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            return action.run();
        } finally {
            jvm.unlock();
        }
    }
}
