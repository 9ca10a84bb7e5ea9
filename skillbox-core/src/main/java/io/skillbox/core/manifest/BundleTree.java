package io.skillbox.core.manifest;

import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Walks a bundle without following symlinks and refuses what a hostile author could use against the
 * host: links that lead out (absolute, {@code ..}, or through a chain of links), device files, FIFOs
 * and sockets, and trees too large or too deep to handle. The walk stops at the first cap it hits,
 * so a bundle of a million files costs ten thousand lookups, not a million.
 */
final class BundleTree {
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_DEPTH = 32;
    static final long MAX_TOTAL_BYTES = 256L << 20;

    // st_mode file types, to name what an "other" file is.
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private final Path root;
    private final List<Violation> problems = new ArrayList<>();
    private final List<Violation> unreadable = new ArrayList<>();
    private int entries;
    private long bytes;
    private boolean stopped;

    private BundleTree(Path root) {
        this.root = root;
    }

    /**
     * What the walk found.
     *
     * @param unsafe     hostile content: the bundle is refused as unsafe
     * @param unreadable files and directories the sandbox's unprivileged uid could not read: the skill
     *                   would fail in confusing ways, so the manifest is refused with the fix instead
     */
    record Findings(List<Violation> unsafe, List<Violation> unreadable) {}

    /** @param root the bundle directory, absolute and real (symlinks resolved) */
    static Findings check(Path root) {
        BundleTree tree = new BundleTree(root);
        tree.checkReadable(root, true);
        tree.walk(root, 1);
        return new Findings(List.copyOf(tree.problems), List.copyOf(tree.unreadable));
    }

    /** The field naming a path of the bundle: {@code (bundle)/data/link}. */
    static String field(Path root, Path path) {
        String relative = root.relativize(path).toString();
        return relative.isEmpty() ? "(bundle)" : "(bundle)/" + relative;
    }

    private void walk(Path dir, int depth) {
        for (Path child : children(dir)) {
            if (stopped) {
                return;
            }
            visit(child, depth);
        }
    }

    /** Reads at most the remaining entry budget (plus one, to notice the excess), sorted for stable reports. */
    private List<Path> children(Path dir) {
        List<Path> list = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                list.add(child);
                if (entries + list.size() > MAX_ENTRIES) {
                    break;
                }
            }
        } catch (IOException e) {
            refuse(dir, "cannot be listed: " + e.getMessage(), "make the directory readable");
        }
        list.sort(Comparator.comparing(Path::toString));
        return list;
    }

    private void visit(Path path, int depth) {
        if (++entries > MAX_ENTRIES) {
            stop(new Violation("(bundle)", "has more than " + MAX_ENTRIES + " files and directories",
                    "remove what the skill does not need; ship large data elsewhere"));
            return;
        }
        if (depth > MAX_DEPTH) {
            stop(new Violation(field(root, path), "is nested more than " + MAX_DEPTH + " directories deep",
                    "flatten the directory structure"));
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            refuse(path, "cannot be read: " + e.getMessage(), "make it readable or remove it");
            return;
        }
        if (attrs.isSymbolicLink()) {
            checkLink(path);
        } else if (attrs.isDirectory()) {
            checkReadable(path, true);
            walk(path, depth + 1);
        } else if (attrs.isRegularFile()) {
            checkReadable(path, false);
            countBytes(attrs.size());
        } else {
            refuse(path, "is a " + specialKind(path) + "; bundles may hold only files, directories and symlinks",
                    "remove it from the bundle");
        }
    }

    private void countBytes(long size) {
        bytes += size;
        if (bytes > MAX_TOTAL_BYTES) {
            stop(new Violation("(bundle)", "is larger than " + (MAX_TOTAL_BYTES >> 20) + " MiB",
                    "remove what the skill does not need; ship large data elsewhere"));
        }
    }

    /**
     * A link must stay inside both on paper (its text) and in fact (its real target): the text check
     * refuses absolute and {@code ..}-escaping targets even when they happen to be missing, the real
     * check catches chains such as {@code a/up -> ..} followed by {@code x -> a/up/..}.
     */
    private void checkLink(Path link) {
        String fix = "make it a relative link to a file inside the bundle, or replace it with the file itself";
        Path target;
        try {
            target = Files.readSymbolicLink(link);
        } catch (IOException e) {
            refuse(link, "is a symlink that cannot be read: " + e.getMessage(), fix);
            return;
        }
        if (target.isAbsolute()) {
            refuse(link, "is a symlink to the absolute path " + target + ", outside the bundle", fix);
            return;
        }
        Path lexical = root.relativize(link).resolveSibling(target).normalize();
        if (lexical.startsWith("..")) {
            refuse(link, "is a symlink to " + target + ", which leaves the bundle", fix);
            return;
        }
        try {
            if (!link.toRealPath().startsWith(root)) {
                refuse(link, "is a symlink to " + target + ", which leads outside the bundle through other links", fix);
            }
        } catch (NoSuchFileException e) {
            refuse(link, "is a symlink to " + target + ", which does not exist", fix);
        } catch (FileSystemException e) {
            refuse(link, "is a symlink that cannot be resolved (a loop?): " + e.getReason(), fix);
        } catch (IOException e) {
            refuse(link, "is a symlink that cannot be resolved: " + e.getMessage(), fix);
        }
    }

    /**
     * The skill runs as an unprivileged uid that owns nothing in the bundle, so only the "others"
     * permission bits count: read for files, read and search for directories.
     */
    private void checkReadable(Path path, boolean directory) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return; // the walk reports unreadable entries itself
        }
        boolean ok = perms.contains(PosixFilePermission.OTHERS_READ)
                && (!directory || perms.contains(PosixFilePermission.OTHERS_EXECUTE));
        if (!ok) {
            unreadable.add(new Violation(field(root, path),
                    (directory ? "directory" : "file") + " is not readable by others (" + PosixFilePermissions.toString(perms)
                            + "); the skill runs as an unprivileged user and could not " + (directory ? "enter" : "read") + " it",
                    "chmod -R o+rX " + root));
        }
    }

    private static String specialKind(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & S_IFMT) {
                case S_IFIFO -> "FIFO (named pipe)";
                case S_IFCHR -> "character device";
                case S_IFBLK -> "block device";
                case S_IFSOCK -> "socket";
                default -> "special file";
            };
        } catch (IOException | UnsupportedOperationException e) {
            return "special file (device, FIFO or socket)";
        }
    }

    private void refuse(Path path, String problem, String fix) {
        problems.add(new Violation(field(root, path), problem, fix));
    }

    private void stop(Violation violation) {
        problems.add(violation);
        stopped = true;
    }
}
