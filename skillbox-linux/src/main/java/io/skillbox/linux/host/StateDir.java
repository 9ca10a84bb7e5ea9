package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.NativeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * skillbox's directory on the host ({@code /run/skillbox} by default): one directory per live run,
 * holding a lock file and the scratch mount point.
 *
 * <p>Each run directory is locked ({@code flock}) by the JVM that owns it for the run's whole life. A
 * directory whose lock can be taken therefore belongs to a JVM that died: only those are swept, so two
 * skillbox processes on one host never clean up each other's live runs.
 */
public final class StateDir {
    private final Path root;
    private final Path runs;

    private StateDir(Path root) {
        this.root = root;
        this.runs = root.resolve("runs");
    }

    /** Opens (creating if needed) the state directory; it must be owned by root and not group/world-writable. */
    public static StateDir open(Path root) {
        try {
            for (Path dir : List.of(root, root.resolve("runs"), root.resolve("ids"))) {
                Files.createDirectories(dir);
                // 0711: unprivileged sandbox uids must traverse to their scratch mount, never list others.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            }
            return new StateDir(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    Path idsDir() {
        return root.resolve("ids");
    }

    /** Creates and locks the directory of a new run. */
    public RunDir createRun(String runId) {
        Path dir = runs.resolve(runId);
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path work = Files.createDirectory(dir.resolve("work"));
            Path skill = Files.createDirectory(dir.resolve("skill"));
            FileChannel lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock();
            return new RunDir(runId, dir, work, skill, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir, e);
        }
    }

    /**
     * Removes the directories (and unmounts the scratch) of runs whose owning JVM is gone.
     *
     * @return the ids of the runs swept, so their cgroups can be removed too
     */
    public List<String> sweepStale() {
        List<String> swept = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runs)) {
            for (Path dir : entries) {
                if (tryClaim(dir)) {
                    swept.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
        return swept;
    }

    private static boolean tryClaim(Path dir) throws IOException {
        Path lockPath = dir.resolve("lock");
        if (!Files.exists(lockPath)) {
            // Half-created by a JVM that died between mkdir and lock: nothing can hold it.
            removeRunDir(dir);
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            removeRunDir(dir);
            return true;
        } catch (OverlappingFileLockException ownedByThisJvm) {
            return false;
        }
    }

    /**
     * Unmounts the run's mount points and removes exactly the entries a run directory has. Never
     * recursive: if an unmount silently failed, a recursive delete would walk into the bundle (or the
     * scratch) through the mount and delete what is behind it; rmdir of a mount point fails instead.
     */
    static void removeRunDir(Path dir) throws IOException {
        for (String mountPoint : new String[] {"work", "skill"}) {
            unmountIfMounted(dir.resolve(mountPoint));
            Files.deleteIfExists(dir.resolve(mountPoint));
        }
        Files.deleteIfExists(dir.resolve("lock"));
        Files.deleteIfExists(dir);
    }

    private static void unmountIfMounted(Path mountPoint) throws IOException {
        if (!Files.exists(mountPoint)) {
            return;
        }
        try {
            Libc.umount2(mountPoint.toString(), Libc.MNT_DETACH);
        } catch (NativeException e) {
            // EINVAL: nothing is mounted there (already unmounted, or the run died before mounting).
            if (e.errno() != NativeException.EINVAL && e.errno() != NativeException.ENOENT) {
                throw new IOException("cannot unmount " + mountPoint, e);
            }
        }
    }
}
