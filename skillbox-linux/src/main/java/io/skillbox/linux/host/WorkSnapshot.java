package io.skillbox.linux.host;

import io.skillbox.core.forensics.SnapshotFile;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.forensics.WorkSnapshotInfo;
import io.skillbox.core.forensics.WorkSnapshotInfo.Dropped;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A capped copy of a run's scratch directory for a forensics bundle. The directory was written by the
 * untrusted skill, so the walk never follows a symlink (it records the link and its target text instead),
 * reads regular files only and through {@link ScratchFiles}, goes at most {@link #MAX_DEPTH} levels
 * deep, and keeps at most {@code maxFiles} files and {@code maxBytes} bytes. Entries are visited in name
 * order, so the same tree always yields the same copy.
 */
public final class WorkSnapshot {
    public static final int DEFAULT_MAX_FILES = 256;
    public static final long DEFAULT_MAX_BYTES = 8L * 1024 * 1024;
    /** As deep as {@link ArtifactCollector} looks. */
    static final int MAX_DEPTH = ArtifactCollector.MAX_DEPTH;
    /** The walk stops after this many entries: a tmpfs of empty files must not make it run for minutes. */
    static final int MAX_ENTRIES_VISITED = 100_000;
    /** Dropped entries listed by name; the rest are only counted. */
    static final int MAX_DROPPED_LISTED = 256;

    private WorkSnapshot() {}

    /** {@link #capture(Path, int, long)} with the default caps, 256 files and 8 MiB. */
    public static WorkCapture capture(Path dir) {
        return capture(dir, DEFAULT_MAX_FILES, DEFAULT_MAX_BYTES);
    }

    /**
     * Copies what it may of {@code dir}. Never throws for what it finds there: an entry it cannot read
     * is dropped with the reason, and a {@code dir} it cannot list yields {@code NotCaptured}.
     */
    public static WorkCapture capture(Path dir, int maxFiles, long maxBytes) {
        if (maxFiles < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("caps are never negative");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return WorkCapture.notCaptured(dir + " is not a directory");
        }
        Walk walk = new Walk(dir, maxFiles, maxBytes);
        try (DirectoryStream<Path> root = Files.newDirectoryStream(dir)) {
            walk.directory(root, "", 0);
        } catch (IOException e) {
            return WorkCapture.notCaptured("cannot list " + dir + ": " + e.getMessage());
        }
        return new WorkCapture(walk.kept, new WorkSnapshotInfo.Captured(maxFiles, maxBytes, walk.droppedCount,
                walk.droppedBytes, walk.dropped));
    }

    private static final class Walk {
        private final Path root;
        private final int maxFiles;
        private final long maxBytes;
        private final List<SnapshotFile> kept = new ArrayList<>();
        private final List<Dropped> dropped = new ArrayList<>();
        private long keptBytes;
        private int droppedCount;
        private long droppedBytes;
        private int visited;
        private boolean stopped;

        Walk(Path root, int maxFiles, long maxBytes) {
            this.root = root;
            this.maxFiles = maxFiles;
            this.maxBytes = maxBytes;
        }

        /**
         * Visits the entries of {@code dir} in name order. Subdirectories are opened relative to their
         * parent's descriptor with {@code O_NOFOLLOW}, so a directory swapped for a link is not entered.
         */
        void directory(DirectoryStream<Path> dir, String rel, int depth) throws IOException {
            List<Path> children = new ArrayList<>();
            try {
                for (Path child : dir) {
                    if (++visited > MAX_ENTRIES_VISITED) {
                        // What is left is neither copied nor counted; one note says so.
                        stopped = true;
                        drop(rel.isEmpty() ? "." : rel, "the walk stopped after " + MAX_ENTRIES_VISITED
                                + " entries; the rest is not counted", 0);
                        break;
                    }
                    children.add(child);
                }
            } catch (DirectoryIteratorException e) {
                throw e.getCause();
            }
            children.sort(null);
            for (Path child : children) {
                if (stopped) {
                    return;
                }
                String path = rel.isEmpty() ? child.getFileName().toString() : rel + "/" + child.getFileName();
                entry(dir, child, path, depth + 1);
            }
        }

        private void entry(DirectoryStream<Path> parent, Path file, String path, int depth) {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                drop(path, "cannot stat: " + e.getMessage(), 0);
                return;
            }
            if (attrs.isSymbolicLink()) {
                drop(path, "symbolic link to '" + target(file) + "', not followed", 0);
            } else if (attrs.isDirectory()) {
                if (depth >= MAX_DEPTH) {
                    drop(path, "directory deeper than " + MAX_DEPTH + " levels, not entered", 0);
                    return;
                }
                try (DirectoryStream<Path> sub = open(parent, file)) {
                    directory(sub, path, depth);
                } catch (IOException e) {
                    drop(path, "cannot list: " + e.getMessage(), 0);
                }
            } else if (!attrs.isRegularFile()) {
                drop(path, "not a regular file" + (attrs.isOther() ? " (a pipe, socket or device)" : ""), 0);
            } else if (kept.size() >= maxFiles) {
                drop(path, "over the file cap (" + maxFiles + ")", attrs.size());
            } else if (attrs.size() > maxBytes - keptBytes) {
                drop(path, attrs.size() + " bytes, over the byte cap (" + (maxBytes - keptBytes) + " left of "
                        + maxBytes + ")", attrs.size());
            } else {
                regular(file, path, attrs.size());
            }
        }

        private static DirectoryStream<Path> open(DirectoryStream<Path> parent, Path dir) throws IOException {
            if (parent instanceof SecureDirectoryStream<Path> secure) {
                return secure.newDirectoryStream(dir.getFileName(), LinkOption.NOFOLLOW_LINKS);
            }
            // Not on Linux's default file system; ScratchFiles still refuses files reached through a link.
            return Files.newDirectoryStream(dir);
        }

        private void regular(Path file, String path, long lstatSize) {
            ScratchFiles.Read read;
            try {
                read = ScratchFiles.read(root, file, maxBytes - keptBytes);
            } catch (IOException e) {
                drop(path, "cannot read: " + e.getMessage(), lstatSize);
                return;
            }
            switch (read) {
                case ScratchFiles.Skipped s -> drop(path, s.why(), 0);
                case ScratchFiles.Regular r when r.truncated() -> drop(path, r.size()
                        + " bytes when opened, over the byte cap (" + (maxBytes - keptBytes) + " left)", r.size());
                case ScratchFiles.Regular r -> {
                    kept.add(new SnapshotFile(path, r.mode(), r.content()));
                    keptBytes += r.content().length;
                }
            }
        }

        private void drop(String path, String why, long bytes) {
            droppedCount++;
            droppedBytes += bytes;
            if (dropped.size() < MAX_DROPPED_LISTED) {
                dropped.add(new Dropped(path, why));
            }
        }

        private static String target(Path link) {
            try {
                return Files.readSymbolicLink(link).toString();
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }
}
