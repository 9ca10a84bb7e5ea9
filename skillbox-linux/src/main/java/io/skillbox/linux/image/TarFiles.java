package io.skillbox.linux.image;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar of an image layout or a {@code docker save} tarball. A first pass lists the entries and keeps
 * the small ones (the JSON documents) in memory, so a cache hit never copies a layer. Layers are copied
 * out on demand into a scratch directory, each under a generated name: a tar entry's name chooses
 * which bytes are read, never where anything is written.
 */
final class TarFiles implements ImageFiles {
    /** Entries up to this size are kept in memory by the first pass; image documents are far smaller. */
    private static final int SMALL = 1 << 20;
    private static final long MAX_IN_MEMORY = 64L << 20;
    private static final int MAX_LINK_HOPS = 16;

    private sealed interface Entry {}

    private record Regular(int ordinal, long size) implements Entry {}

    private record SymbolicLink(String target) implements Entry {}

    private record HardLink(String target) implements Entry {}

    private final Path tar;
    private final Path scratchParent;
    private final UnpackLimits limits;
    private final Map<String, Entry> entries;
    private final Map<Integer, byte[]> small;
    private final Map<Integer, Path> copied = new HashMap<>();
    private Path scratch;
    private long copiedBytes;

    private TarFiles(Path tar, Path scratchParent, UnpackLimits limits, Map<String, Entry> entries,
            Map<Integer, byte[]> small) {
        this.tar = tar;
        this.scratchParent = scratchParent;
        this.limits = limits;
        this.entries = entries;
        this.small = small;
    }

    static TarFiles scan(Path tar, Path scratchParent, UnpackLimits limits) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        Map<Integer, byte[]> small = new HashMap<>();
        long inMemory = 0;
        try (TarArchiveInputStream in = openTar(tar)) {
            int ordinal = 0;
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry(), ordinal++) {
                if (ordinal >= limits.maxEntries()) {
                    throw ImageErrors.unsafe(tar.toString(), "holds more than " + limits.maxEntries()
                            + " entries", "this is not an image export; export the image again");
                }
                Optional<String> name = EntryPath.normalise(e.getName()).filter(n -> !n.isEmpty());
                if (name.isEmpty()) {
                    continue; // a name outside the tar can never be asked for, so it is never read
                }
                if (e.isSymbolicLink()) {
                    entries.put(name.get(), new SymbolicLink(e.getLinkName()));
                } else if (e.isLink()) {
                    entries.put(name.get(), new HardLink(e.getLinkName()));
                } else if (e.isFile()) {
                    entries.put(name.get(), new Regular(ordinal, e.getSize()));
                    if (e.getSize() <= SMALL && inMemory + e.getSize() <= MAX_IN_MEMORY) {
                        small.put(ordinal, in.readAllBytes());
                        inMemory += e.getSize();
                    }
                }
            }
        }
        return new TarFiles(tar, scratchParent, limits, entries, small);
    }

    @Override
    public boolean exists(String path) {
        return find(path).isPresent();
    }

    @Override
    public InputStream open(String path) throws IOException {
        Regular regular = find(path).orElseThrow(() -> new NoSuchFileException(describe(path)));
        byte[] bytes = small.get(regular.ordinal());
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        if (!copied.containsKey(regular.ordinal())) {
            prepare(java.util.List.of(path));
        }
        return Files.newInputStream(copied.get(regular.ordinal()));
    }

    @Override
    public void prepare(Collection<String> paths) throws IOException {
        Map<Integer, String> wanted = new HashMap<>();
        for (String path : paths) {
            find(path).filter(r -> !small.containsKey(r.ordinal()) && !copied.containsKey(r.ordinal()))
                    .ifPresent(r -> wanted.put(r.ordinal(), path));
        }
        if (wanted.isEmpty()) {
            return;
        }
        if (scratch == null) {
            scratch = Files.createDirectory(scratchParent.resolve("tmp-src-" + UUID.randomUUID()));
        }
        try (TarArchiveInputStream in = openTar(tar)) {
            int ordinal = 0;
            for (TarArchiveEntry e = in.getNextEntry(); e != null && !wanted.isEmpty();
                    e = in.getNextEntry(), ordinal++) {
                String path = wanted.remove(ordinal);
                if (path != null) {
                    copied.put(ordinal, copyOut(in, ordinal, path));
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw ImageErrors.malformed(describe(wanted.values().iterator().next()),
                    "vanished from the tarball while it was read", "do not modify the tarball while it is in use");
        }
    }

    @Override
    public String describe(String path) {
        return tar + "!/" + path;
    }

    @Override
    public void close() {
        if (scratch != null) {
            try {
                Trees.delete(scratch);
            } catch (IOException e) {
                throw ImageErrors.internal("cannot remove scratch directory " + scratch, e);
            }
        }
    }

    private Path copyOut(InputStream in, int ordinal, String path) throws IOException {
        Path file = scratch.resolve(Integer.toString(ordinal));
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                copiedBytes += n;
                if (copiedBytes > limits.maxStreamBytes()) {
                    throw ImageErrors.unsafe(describe(path), "the layers of this tarball exceed "
                            + limits.maxStreamBytes() + " bytes", "use a smaller image or raise the unpack limit");
                }
                out.write(buf, 0, n);
            }
        }
        return file;
    }

    /** Follows links inside the tar, lexically and within the tar, to a regular entry. */
    private Optional<Regular> find(String path) {
        Optional<String> current = EntryPath.normalise(path);
        for (int hop = 0; hop <= MAX_LINK_HOPS && current.isPresent(); hop++) {
            String name = current.get();
            Entry entry = entries.get(name);
            switch (entry) {
                case null -> {
                    return Optional.empty();
                }
                case Regular r -> {
                    return Optional.of(r);
                }
                case SymbolicLink s -> current = EntryPath.normalise(s.target().startsWith("/")
                        ? s.target() : EntryPath.join(EntryPath.parent(name), s.target()));
                case HardLink h -> current = EntryPath.normalise(h.target());
            }
        }
        return Optional.empty();
    }

    private static TarArchiveInputStream openTar(Path tar) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(tar), 65536);
        InputStream plain = Compression.isGzip(in) ? new GZIPInputStream(in, 65536) : in;
        return new TarArchiveInputStream(plain);
    }
}
