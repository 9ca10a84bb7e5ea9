package io.skillbox.linux.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Applies layer tars, bottom first, to a fresh root directory. The tar is hostile input: every name is
 * normalised by {@link EntryPath}; a parent that is a symbolic link refuses the layer (the classic
 * "symlink, then a file through it" escape); files are created with {@code O_EXCL|O_NOFOLLOW}; hard
 * links must name a non-directory inside the root reached without links; device nodes, FIFOs and
 * sockets are skipped; setuid, setgid and sticky bits and group/other write are dropped; nothing is
 * chowned. Whiteouts ({@code .wh.NAME}, {@code .wh..wh..opq}) remove what lower layers put there.
 */
final class LayerApplier {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    /** Files and directories keep read and execute for all, write for the owner (root) only. */
    private static final int MODE_MASK = 0755;

    private final Path root;
    private final UnpackLimits limits;
    private final Map<String, Integer> dirModes = new HashMap<>();
    private final Map<String, FileTime> dirTimes = new HashMap<>();
    private long bytes;
    private int entries;

    LayerApplier(Path root, UnpackLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** Applies one uncompressed layer tar; {@code layer} names it in errors. The stream is not closed. */
    void apply(InputStream tar, String layer) throws IOException {
        Set<String> touched = new HashSet<>();
        List<String> opaque = new ArrayList<>();
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            entry(in, e, layer, touched, opaque);
        }
        for (String dir : opaque) {
            clearOpaque(dir, touched, layer);
        }
    }

    private void entry(TarArchiveInputStream in, TarArchiveEntry e, String layer, Set<String> touched,
            List<String> opaque) throws IOException {
        if (++entries > limits.maxEntries()) {
            throw ImageErrors.unsafe(layer, "the layers hold more than " + limits.maxEntries() + " entries",
                    "use a smaller image or raise the unpack limit");
        }
        if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO() || e.isGlobalPaxHeader()) {
            return; // a rootfs needs no device nodes or pipes: the runtime mounts /dev
        }
        String rel = EntryPath.normalise(e.getName()).orElseThrow(() -> ImageErrors.unsafe(layer,
                "entry " + e.getName() + " escapes the root", "rebuild the layer without '..' paths"));
        if (rel.isEmpty()) {
            return; // the root's own entry; its mode is ours to choose
        }
        String base = EntryPath.base(rel);
        String parent = EntryPath.parent(rel);
        if (base.equals(OPAQUE)) {
            directories(parent, layer, e.getName(), true);
            opaque.add(parent);
            touch(parent, touched);
        } else if (base.startsWith(WHITEOUT + WHITEOUT)) {
            return; // other aufs metadata (.wh..wh.plnk, ...) holds nothing of the image
        } else if (base.startsWith(WHITEOUT)) {
            whiteout(parent, base.substring(WHITEOUT.length()), layer, e.getName());
        } else {
            Path dir = directories(parent, layer, e.getName(), true).orElseThrow();
            touch(rel, touched);
            write(in, e, rel, dir.resolve(base), layer);
        }
    }

    /**
     * Sets the directories' modes and times, deepest first, once every layer is applied: setting them
     * earlier could lock later layers out of a directory.
     */
    void finish() throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                String rel = root.relativize(dir).toString();
                permissions(dir, rel.isEmpty() ? 0755 : dirModes.getOrDefault(rel, 0755));
                FileTime time = dirTimes.get(rel);
                if (time != null) {
                    view(dir).setTimes(time, null, null);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void write(TarArchiveInputStream in, TarArchiveEntry e, String rel, Path path, String layer)
            throws IOException {
        if (e.isDirectory()) {
            Optional<BasicFileAttributes> existing = lstat(path);
            if (existing.isEmpty() || !existing.get().isDirectory()) {
                Trees.delete(path);
                Files.createDirectory(path);
            }
            dirModes.put(rel, e.getMode() & MODE_MASK);
            dirTimes.put(rel, FileTime.from(e.getModTime().toInstant()));
        } else if (e.isSymbolicLink()) {
            if (e.getLinkName().isEmpty()) {
                throw ImageErrors.malformed(layer, "symbolic link " + e.getName() + " has no target",
                        "rebuild the layer");
            }
            Trees.delete(path);
            // The target is stored as it is: it is only ever resolved inside the sandbox.
            Files.createSymbolicLink(path, Path.of(e.getLinkName()));
        } else if (e.isLink()) {
            hardLink(e, rel, path, layer);
        } else if (e.isFile()) {
            Trees.delete(path);
            copy(in, path, e.getName(), layer);
            permissions(path, e.getMode() & MODE_MASK);
            view(path).setTimes(FileTime.from(e.getModTime().toInstant()), null, null);
        }
        // Sockets and other types a tar may carry are not part of a filesystem image: skipped.
    }

    private void hardLink(TarArchiveEntry e, String rel, Path path, String layer) throws IOException {
        String target = EntryPath.normalise(e.getLinkName()).filter(t -> !t.isEmpty())
                .orElseThrow(() -> ImageErrors.unsafe(layer, "hard link " + e.getName() + " points outside the"
                        + " root (" + e.getLinkName() + ")", "rebuild the layer with links inside the image"));
        if (target.equals(rel)) {
            return;
        }
        Optional<Path> dir = directories(EntryPath.parent(target), layer, e.getName(), false);
        Path targetPath = dir.map(d -> d.resolve(EntryPath.base(target))).orElse(null);
        Optional<BasicFileAttributes> attrs = targetPath == null ? Optional.empty() : lstat(targetPath);
        if (attrs.isEmpty() || attrs.get().isDirectory()) {
            throw ImageErrors.malformed(layer, "hard link " + e.getName() + " points at " + e.getLinkName()
                    + ", which is " + (attrs.isEmpty() ? "not in the image" : "a directory"),
                    "rebuild the layer so hard links follow the files they link to");
        }
        Trees.delete(path);
        // link(2) does not follow a symbolic link at the target, so this links the link itself.
        Files.createLink(path, targetPath);
    }

    private void copy(InputStream in, Path path, String name, String layer) throws IOException {
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                bytes += n;
                if (bytes > limits.maxBytes()) {
                    throw ImageErrors.unsafe(layer, "unpacking " + name + " takes the image past "
                            + limits.maxBytes() + " bytes", "use a smaller image or raise the unpack limit");
                }
                out.write(buf, 0, n);
            }
        }
    }

    private void whiteout(String parent, String name, String layer, String entry) throws IOException {
        if (name.isEmpty()) {
            throw ImageErrors.malformed(layer, "whiteout " + entry + " names nothing", "rebuild the layer");
        }
        Optional<Path> dir = directories(parent, layer, entry, false);
        if (dir.isPresent()) {
            Trees.delete(dir.get().resolve(name));
        }
    }

    /** Removes everything below {@code dir} that this layer did not itself put there. */
    private void clearOpaque(String dir, Set<String> touched, String layer) throws IOException {
        Optional<Path> path = directories(dir, layer, dir + "/" + OPAQUE, false);
        if (path.isEmpty()) {
            return;
        }
        Files.walkFileTree(path.get(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (d.equals(path.get()) || touched.contains(root.relativize(d).toString())) {
                    return FileVisitResult.CONTINUE;
                }
                Trees.delete(d);
                return FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!touched.contains(root.relativize(f).toString())) {
                    Files.delete(f);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Walks {@code rel} from the root without following links and returns it as a directory. A missing
     * component is created if {@code create}, else the walk answers empty; a component that is a link
     * or a file refuses the layer.
     */
    private Optional<Path> directories(String rel, String layer, String entry, boolean create) throws IOException {
        Path current = root;
        if (rel.isEmpty()) {
            return Optional.of(current);
        }
        for (String part : rel.split("/")) {
            current = current.resolve(part);
            Optional<BasicFileAttributes> attrs = lstat(current);
            if (attrs.isEmpty()) {
                if (!create) {
                    return Optional.empty();
                }
                Files.createDirectory(current);
            } else if (attrs.get().isSymbolicLink()) {
                throw ImageErrors.unsafe(layer, "entry " + entry + " goes through the symbolic link /"
                        + root.relativize(current) + "; following it could write outside the root",
                        "rebuild the layer so no path passes through a symbolic link");
            } else if (!attrs.get().isDirectory()) {
                throw ImageErrors.malformed(layer, "entry " + entry + " is below /" + root.relativize(current)
                        + ", which is not a directory", "rebuild the layer");
            }
        }
        return Optional.of(current);
    }

    private static void touch(String rel, Set<String> touched) {
        for (String p = rel; !p.isEmpty() && touched.add(p); p = EntryPath.parent(p)) {
            // every ancestor of an entry belongs to this layer too
        }
    }

    private static Optional<BasicFileAttributes> lstat(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static BasicFileAttributeView view(Path path) {
        return Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static void permissions(Path path, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(bits[i]);
            }
        }
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(perms);
    }
}
