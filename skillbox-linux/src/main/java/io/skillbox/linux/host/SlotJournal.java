package io.skillbox.linux.host;

import io.skillbox.core.io.FileTrees;
import io.skillbox.linux.cgroup.RuntimeCgroups;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.NativeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a run makes on the host outside its slot, written down (in the slot, {@code journal}) before it is made.
 * A run that ends normally removes all of it and the journal with it. A skillbox process that dies mid-run
 * leaves the journal in a slot nobody holds, and the next skillbox to take or sweep that slot undoes it: runtime
 * containers deleted, directories unmounted and removed, cgroups emptied and removed, in every hierarchy the
 * run's cgroup path could exist in. The slot's lock is the one ownership record: a journal is only ever undone
 * by the process that holds it, so no live run is touched, whichever cgroup the undoing process itself is in.
 */
public final class SlotJournal {
    private static final long DELETE_WAIT_SECONDS = 10;

    private final Path file;

    SlotJournal(Path file) {
        this.file = file;
    }

    /** One thing the run made. */
    sealed interface Entry permits CgroupDir, Tree, Container {
        boolean exists();

        void undo();

        String line();
    }

    /** A cgroup directory (with any child a runtime made in it). */
    record CgroupDir(Path dir) implements Entry {
        @Override
        public boolean exists() {
            return Files.isDirectory(dir);
        }

        @Override
        public void undo() {
            RuntimeCgroups.removeStale(dir);
        }

        @Override
        public String line() {
            return "cgroup\t" + dir;
        }
    }

    /** A directory tree, mounts below it included. */
    record Tree(Path dir) implements Entry {
        @Override
        public boolean exists() {
            return Files.exists(dir);
        }

        @Override
        public void undo() {
            String mountinfo;
            try {
                mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
            }
            for (String mountPoint : mountsBelow(dir, mountinfo)) {
                try {
                    Libc.umount2(mountPoint, Libc.MNT_DETACH);
                } catch (NativeException e) {
                    if (e.errno() != NativeException.EINVAL && e.errno() != NativeException.ENOENT) {
                        throw e;
                    }
                }
            }
            FileTrees.delete(dir);
        }

        @Override
        public String line() {
            return "tree\t" + dir;
        }
    }

    /**
     * An OCI runtime's container: runc keeps a directory named by the id in its state root, runsc files named
     * {@code <id>_sandbox:<id>.state} and {@code .lock} (the lock files alone are not a container).
     */
    record Container(Path binary, Path root, String id) implements Entry {
        @Override
        public boolean exists() {
            return containerLeft(root, id);
        }

        @Override
        public void undo() {
            deleteContainer(binary, root, id);
        }

        @Override
        public String line() {
            return "container\t" + binary + "\t" + root + "\t" + id;
        }
    }

    /**
     * Removes what is left of runtime container {@code id} in state root {@code root}: {@code <runtime> delete
     * --force} (a runtime that ran to its end deleted it itself; one that was killed or died may not have), which
     * kills what is left of the container, then the files the runtime leaves. For a run's release and for the
     * journal of a dead one alike.
     */
    public static void deleteContainer(Path binary, Path root, String id) {
        if (containerLeft(root, id)) {
            try {
                Process p = new ProcessBuilder(binary.toString(), "--root", root.toString(), "delete", "--force", id)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(DELETE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + binary + " delete " + id, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        removeLeftFiles(root, id);
    }

    /**
     * What runsc leaves in its state root once container {@code id} is gone: its lock files (2022-12, after
     * delete) and the control socket of a sandbox that was killed ({@code runsc-<id>.sock}, 2024-07).
     */
    static void removeLeftFiles(Path root, String id) {
        try (Stream<Path> files = Files.list(root)) {
            for (Path f : files.filter(f -> leftFileOf(f.getFileName().toString(), id)).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (NoSuchFileException e) {
            // no state root: nothing to remove
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the runtime's state in " + root, e);
        }
    }

    private static boolean leftFileOf(String name, String id) {
        return name.startsWith(id + "_") && name.endsWith(".lock")
                || name.equals("runsc-" + id + ".sock");
    }

    /** Whether the runtime still keeps state of container {@code id} in {@code root}. */
    static boolean containerLeft(Path root, String id) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(e -> e.getFileName().toString())
                    .anyMatch(name -> name.equals(id) || name.startsWith(id + "_") && !name.endsWith(".lock"));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime's state in " + root, e);
        }
    }

    public void cgroups(List<Path> dirs) {
        append(dirs.stream().map(CgroupDir::new).map(Entry::line).toList());
    }

    public void tree(Path dir) {
        append(List.of(new Tree(dir).line()));
    }

    public void container(Path binary, Path root, String id) {
        append(List.of(new Container(binary, root, id).line()));
    }

    /** Removes the journal if nothing it names is left; otherwise keeps it for the next holder of the slot. */
    void settle() {
        if (entries().stream().noneMatch(Entry::exists)) {
            delete();
        }
    }

    /**
     * Undoes, newest first, whatever the journal names that is still there; deletes the journal once nothing is.
     *
     * @return whether nothing is left
     */
    boolean undo() {
        List<Entry> entries = entries();
        if (entries.isEmpty()) {
            return true;
        }
        for (Entry e : entries.reversed()) {
            try {
                if (e.exists()) {
                    e.undo();
                }
            } catch (RuntimeException failed) {
                // what cannot be undone now stays in the journal; the slot is not handed out meanwhile
            }
        }
        if (entries.stream().anyMatch(Entry::exists)) {
            return false;
        }
        delete();
        return true;
    }

    List<Entry> entries() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "cgroup" -> entries.add(new CgroupDir(Path.of(f[1])));
                case "tree" -> entries.add(new Tree(Path.of(f[1])));
                case "container" -> entries.add(new Container(Path.of(f[1]), Path.of(f[2]), f[3]));
                default -> {
                    // an empty or torn last line: the process died while writing it, before making the thing
                }
            }
        }
        return entries;
    }

    /** The mount points at or below {@code dir}, deepest first, from {@code /proc/self/mountinfo}. */
    static List<String> mountsBelow(Path dir, String mountinfo) {
        String prefix = dir.toString();
        return mountinfo.lines()
                .map(l -> l.split(" "))
                .filter(f -> f.length > 4)
                .map(f -> f[4].replace("\\040", " "))
                .filter(m -> m.equals(prefix) || m.startsWith(prefix + "/"))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    private void append(List<String> lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
