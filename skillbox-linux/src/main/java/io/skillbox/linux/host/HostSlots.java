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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixed pool of run slots under skillbox's state directory ({@code /run/skillbox/slots}). A slot is
 * what a live run borrows from the host: an unprivileged host uid (and gid of the same number), never
 * shared with another live run, and two empty mount points named after it for the run's scratch tmpfs
 * and its bundle bind.
 *
 * <p>Concurrent runs therefore never share an identity: even a run that escaped its namespaces could
 * not touch another run's files or signal its processes. A slot is {@code flock}ed while borrowed, so
 * separate skillbox processes on one host never hand out the same slot, and a slot whose lock can be
 * taken belongs to nobody: {@link #sweepStale} unmounts what a crashed process left in such slots, and
 * undoes its {@link SlotJournal} of what the run made elsewhere (runtime containers, bundle directories,
 * cgroups in every hierarchy).
 *
 * <p>The mount points are created once and reused, not made and removed per run: removing a directory
 * that was just a mount point waits for an RCU grace period, about 0.5 ms each on small VMs. They are
 * mode 000, so a bind of a slot whose mount is missing would show the sandbox nothing, not a host
 * directory.
 */
public final class HostSlots {
    /** The default first uid: far above login users, subuid ranges and systemd's dynamic and container ranges. */
    public static final int DEFAULT_BASE = 2_000_000_000;
    public static final int DEFAULT_COUNT = 4096;

    private static final String JOURNAL = "journal";

    private final Path slots;
    private final int base;
    private final int count;
    private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

    public HostSlots(Path stateDir, int base, int count) {
        if (base <= 0 || count <= 0 || (long) base + count > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("host uid range out of bounds: " + base + "+" + count);
        }
        this.slots = stateDir.resolve("slots");
        this.base = base;
        this.count = count;
        try {
            for (Path dir : new Path[] {stateDir, slots}) {
                Files.createDirectories(dir);
                // 0711: the runs' unprivileged uids must reach their mount points, never list the others.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state directory " + stateDir, e);
        }
    }

    /**
     * A borrowed slot; {@link #close} returns it (the mounts' owners unmount them first).
     *
     * @param uid   the run's host uid (and gid)
     * @param work  the mount point for the scratch tmpfs
     * @param skill the mount point for the bundle bind
     * @param journal what the run makes outside the slot, for the next holder to undo should this one die
     */
    public record Slot(int uid, Path work, Path skill, SlotJournal journal, FileLock lock, Set<Integer> inUse)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                journal.settle();
                lock.channel().close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release host slot " + uid, e);
            } finally {
                inUse.remove(uid);
            }
        }
    }

    public Slot acquire() {
        for (int i = 0; i < count; i++) {
            int uid = base + i;
            if (!inUse.add(uid)) {
                continue;
            }
            try {
                FileLock lock = tryLock(prepare(uid));
                if (lock != null) {
                    Path dir = slots.resolve(Integer.toString(uid));
                    SlotJournal journal = new SlotJournal(dir.resolve(JOURNAL));
                    // A dead holder's leftovers are undone first; a slot whose leftovers resist is skipped.
                    if (journal.undo()) {
                        return new Slot(uid, dir.resolve("work"), dir.resolve("skill"), journal, lock, inUse);
                    }
                    closeQuietly(lock.channel());
                }
            } catch (RuntimeException e) {
                inUse.remove(uid);
                throw e;
            }
            inUse.remove(uid);
        }
        throw new IllegalStateException("all " + count + " host slots from uid " + base + " are in use");
    }

    /** The first run uid; uids below it are not handed out. */
    public int base() {
        return base;
    }

    /**
     * Undoes whatever processes that died mid-run left from slots nobody holds now: their journals and mounts.
     *
     * @return how many slots held leftovers
     */
    public int sweepStale() {
        int swept = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(slots)) {
            for (Path dir : entries) {
                swept += sweep(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + slots, e);
        }
        return swept;
    }

    private int sweep(Path dir) throws IOException {
        int uid;
        try {
            uid = Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
        if (!inUse.add(uid)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return 0;
            }
            SlotJournal journal = new SlotJournal(dir.resolve(JOURNAL));
            boolean journaled = !journal.entries().isEmpty();
            journal.undo();
            boolean work = unmountIfMounted(dir.resolve("work"));
            boolean skill = unmountIfMounted(dir.resolve("skill"));
            return work || skill || journaled ? 1 : 0;
        } catch (OverlappingFileLockException heldHere) {
            return 0;
        } finally {
            inUse.remove(uid);
        }
    }

    /** Creates the slot's directory and mount points the first time it is used. */
    private Path prepare(int uid) {
        Path dir = slots.resolve(Integer.toString(uid));
        try {
            if (!Files.isDirectory(dir.resolve("skill"))) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                for (String mountPoint : new String[] {"work", "skill"}) {
                    Path p = dir.resolve(mountPoint);
                    if (!Files.isDirectory(p)) {
                        Files.createDirectory(p);
                    }
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
                }
            }
            return dir.resolve("lock");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare host slot " + dir, e);
        }
    }

    private static FileLock tryLock(Path lockFile) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    private static boolean unmountIfMounted(Path mountPoint) throws IOException {
        try {
            Libc.umount2(mountPoint.toString(), Libc.MNT_DETACH);
            return true;
        } catch (NativeException e) {
            // EINVAL: nothing is mounted there; ENOENT: the slot never got that far.
            if (e.errno() == NativeException.EINVAL || e.errno() == NativeException.ENOENT) {
                return false;
            }
            throw new IOException("cannot unmount " + mountPoint, e);
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
