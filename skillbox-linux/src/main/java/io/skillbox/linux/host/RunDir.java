package io.skillbox.linux.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * One run's directory under the state directory, locked for as long as this object is open.
 *
 * @param work  the scratch mount point
 * @param skill the bundle mount point
 */
public record RunDir(String runId, Path dir, Path work, Path skill, FileLock lock) implements AutoCloseable {

    /** Unmounts anything left on the mount points, deletes the directory, then releases the lock. */
    @Override
    public void close() {
        try {
            StateDir.removeRunDir(dir);
            lock.channel().close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the run directory " + dir, e);
        }
    }
}
