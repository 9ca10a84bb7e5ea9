package io.skillbox.core.trust;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lists a bundle's entries for hashing, without following a single symlink. It runs after
 * {@link io.skillbox.core.manifest.BundleLoader} has checked the tree, so its caps (the loader's: 10,000
 * entries, 32 levels, 256 MiB) only trip when the bundle changed in between, and then it fails closed.
 */
final class BundleEntries {
    static final int MAX_ENTRIES = 10_000;
    static final int MAX_DEPTH = 32;
    static final long MAX_TOTAL_BYTES = 256L << 20;

    /** One entry of the bundle; {@code path} is relative with '/' separators, {@code .} for the root. */
    sealed interface Entry {
        String path();
    }

    /** @param mode the 0777 permission bits */
    record Directory(String path, int mode) implements Entry {}

    /** @param sha256 lowercase hex of the content */
    record File(String path, int mode, String sha256) implements Entry {}

    /** @param target the link's text, never resolved */
    record Link(String path, String target) implements Entry {}

    private final Path root;
    private final List<Entry> entries = new ArrayList<>();
    private long bytes;

    private BundleEntries(Path root) {
        this.root = root;
    }

    /**
     * @param root the bundle directory, absolute and real
     * @return every entry but the top-level signature file, sorted by the UTF-8 bytes of their paths
     * @throws SkillboxException {@code UNSAFE_BUNDLE} when an entry cannot be hashed faithfully
     */
    static List<Entry> of(Path root) {
        BundleEntries walk = new BundleEntries(root);
        walk.entries.add(new Directory(".", walk.attributes(root).permissions().stream().mapToInt(BundleEntries::bit).sum()));
        walk.directory(root, 1);
        List<Entry> sorted = new ArrayList<>(walk.entries);
        sorted.sort((a, b) -> Arrays.compareUnsigned(utf8(a.path()), utf8(b.path())));
        return List.copyOf(sorted);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void directory(Path dir, int depth) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                children.add(child);
                if (entries.size() - 1 + children.size() > MAX_ENTRIES) { // the root is not an entry of the cap
                    throw refuse("(bundle)", "has more than " + MAX_ENTRIES + " files and directories",
                            "remove what the skill does not need; ship large data elsewhere");
                }
            }
        } catch (IOException e) {
            throw refuse(field(dir), "cannot be listed: " + e.getMessage(), "make the directory readable");
        }
        for (Path child : children) {
            if (depth > MAX_DEPTH) {
                throw refuse(field(child), "is nested more than " + MAX_DEPTH + " directories deep", "flatten the directory structure");
            }
            visit(child, depth);
        }
    }

    private void visit(Path path, int depth) {
        PosixFileAttributes attrs = attributes(path);
        String relative = relative(path, attrs);
        int mode = attrs.permissions().stream().mapToInt(BundleEntries::bit).sum();
        if (attrs.isSymbolicLink()) {
            entries.add(new Link(relative, linkText(path)));
        } else if (attrs.isDirectory()) {
            entries.add(new Directory(relative, mode));
            directory(path, depth + 1);
        } else if (attrs.isRegularFile()) {
            if (!relative.equals(BundleHash.SIGNATURE_FILE)) {
                entries.add(new File(relative, mode, contentHash(path)));
            }
        } else {
            throw refuse(field(path), "is neither a file, a directory nor a symlink; bundles may hold only those",
                    "remove it from the bundle");
        }
    }

    /**
     * The path as text, refusing names that do not survive the round trip through a Java string (names
     * that are not valid UTF-8): two different names must never hash alike.
     */
    private String relative(Path path, PosixFileAttributes attrs) {
        Path again = path.resolveSibling(path.getFileName().toString());
        Object key;
        try {
            key = Files.readAttributes(again, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            key = null;
        }
        if (attrs.fileKey() == null || !attrs.fileKey().equals(key)) {
            throw refuse(field(path), "has a file name that is not valid UTF-8", "rename it using UTF-8 characters only");
        }
        String relative = root.relativize(path).toString();
        return path.getFileSystem().getSeparator().equals("/") ? relative : relative.replace(path.getFileSystem().getSeparator(), "/");
    }

    private String contentHash(Path file) {
        MessageDigest digest = Digests.sha256();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                InputStream in = Channels.newInputStream(ch)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                bytes += n;
                if (bytes > MAX_TOTAL_BYTES) {
                    throw refuse("(bundle)", "is larger than " + (MAX_TOTAL_BYTES >> 20) + " MiB",
                            "remove what the skill does not need; ship large data elsewhere");
                }
            }
        } catch (IOException e) {
            throw refuse(field(file), "cannot be read: " + e.getMessage(), "make it readable or remove it");
        }
        return Digests.hex(digest.digest());
    }

    private String linkText(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw refuse(field(link), "is a symlink that cannot be read: " + e.getMessage(), "replace it with the file itself");
        }
    }

    private PosixFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw refuse(field(path), "cannot be read: " + e.getMessage(), "make it readable or remove it");
        } catch (UnsupportedOperationException e) {
            throw refuse(field(path), "is on a file system without POSIX permissions, which the content hash covers",
                    "keep bundles on a POSIX file system");
        }
    }

    private static int bit(PosixFilePermission p) {
        return switch (p) {
            case OWNER_READ -> 0400;
            case OWNER_WRITE -> 0200;
            case OWNER_EXECUTE -> 0100;
            case GROUP_READ -> 040;
            case GROUP_WRITE -> 020;
            case GROUP_EXECUTE -> 010;
            case OTHERS_READ -> 04;
            case OTHERS_WRITE -> 02;
            case OTHERS_EXECUTE -> 01;
        };
    }

    private String field(Path path) {
        String relative = root.relativize(path).toString();
        return relative.isEmpty() ? "(bundle)" : "(bundle)/" + relative;
    }

    private SkillboxException refuse(String field, String problem, String fix) {
        return new SkillboxException(ErrorCode.UNSAFE_BUNDLE, "bundle " + root + " cannot be hashed",
                List.of(new Violation(field, problem, fix)));
    }
}
