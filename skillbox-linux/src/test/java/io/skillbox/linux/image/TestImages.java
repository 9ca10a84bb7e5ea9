package io.skillbox.linux.image;

import io.skillbox.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds OCI images at test time, so no binary fixture is committed: an image layout directory, the
 * same layout as a tar, or a legacy {@code docker save} tarball, from layers given as short lists of
 * entries. Names are written as given (including {@code ../} and leading {@code /}) so tests can build
 * hostile layers.
 */
public final class TestImages {
    /** Every entry gets this time, so that writing the same layers twice gives the same bytes. */
    private static final FileTime EPOCH = FileTime.fromMillis(1_700_000_000_000L);

    private TestImages() {}

    /** One entry of a layer tar. */
    public sealed interface Entry {}

    /** A regular file. */
    public record File(String path, byte[] content, int mode) implements Entry {}

    /** A directory. */
    public record Dir(String path, int mode) implements Entry {}

    /** A symbolic link to {@code target}, stored as given. */
    public record Symlink(String path, String target) implements Entry {}

    /** A hard link to the earlier entry {@code target}. */
    public record Hardlink(String path, String target) implements Entry {}

    /** {@code .wh.NAME} in NAME's directory: deletes NAME from lower layers. */
    public record Whiteout(String path) implements Entry {}

    /** {@code .wh..wh..opq} in {@code dir}: hides everything lower layers put in it. */
    public record Opaque(String dir) implements Entry {}

    /** A character device node (tar type '3'). */
    public record Device(String path) implements Entry {}

    /**
     * One layer.
     *
     * @param entries       in tar order
     * @param gzip          whether the blob is gzip-compressed
     * @param diffIdOverride a wrong {@code diff_id} to write into the config instead of the real one, or null
     */
    public record Layer(List<Entry> entries, boolean gzip, String diffIdOverride) {
        public Layer withDiffId(String diffId) {
            return new Layer(entries, gzip, diffId);
        }
    }

    /** What was written, with the digests a test may want to tamper with. */
    public record Written(Path path, String manifest, String config, List<String> layers) {}

    public static File file(String path, String content, int mode) {
        return new File(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public static Dir dir(String path) {
        return new Dir(path, 0755);
    }

    public static Symlink symlink(String path, String target) {
        return new Symlink(path, target);
    }

    public static Hardlink hardlink(String path, String target) {
        return new Hardlink(path, target);
    }

    public static Whiteout whiteout(String path) {
        return new Whiteout(path);
    }

    public static Opaque opaque(String dir) {
        return new Opaque(dir);
    }

    public static Device device(String path) {
        return new Device(path);
    }

    public static Layer layer(Entry... entries) {
        return new Layer(List.of(entries), false, null);
    }

    public static Layer gzipLayer(Entry... entries) {
        return new Layer(List.of(entries), true, null);
    }

    /** The config used unless a test passes its own. */
    public static Map<String, Object> defaultConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Entrypoint", List.of("/bin/sh", "-c"));
        config.put("Cmd", List.of("echo hi"));
        config.put("Env", List.of("PATH=/usr/bin:/bin", "LANG=C.UTF-8"));
        config.put("WorkingDir", "/app");
        config.put("User", "1000:1000");
        return config;
    }

    /** Writes an OCI image layout directory at {@code dir}. */
    public static Written ociLayout(Path dir, List<Layer> layers) {
        return ociLayout(dir, layers, defaultConfig());
    }

    public static Written ociLayout(Path dir, List<Layer> layers, Map<String, Object> config) {
        try {
            Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
            List<Map<String, Object>> layerDescriptors = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            List<String> layerDigests = new ArrayList<>();
            for (Layer layer : layers) {
                byte[] tar = tar(layer.entries());
                byte[] blob = layer.gzip() ? gzip(tar) : tar;
                String digest = writeBlob(blobs, blob);
                layerDigests.add(digest);
                diffIds.add(layer.diffIdOverride() != null ? layer.diffIdOverride() : digest(tar));
                layerDescriptors.add(descriptor(layer.gzip() ? "application/vnd.oci.image.layer.v1.tar+gzip"
                        : "application/vnd.oci.image.layer.v1.tar", digest, blob.length));
            }
            byte[] configBlob = json(configDocument(config, diffIds));
            String configDigest = writeBlob(blobs, configBlob);
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            manifest.put("config", descriptor("application/vnd.oci.image.config.v1+json", configDigest,
                    configBlob.length));
            manifest.put("layers", layerDescriptors);
            byte[] manifestBlob = json(manifest);
            String manifestDigest = writeBlob(blobs, manifestBlob);
            Map<String, Object> entry = descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest,
                    manifestBlob.length);
            entry.put("platform", Map.of("os", "linux", "architecture", Platform.host().architecture()));
            entry.put("annotations", Map.of("org.opencontainers.image.ref.name", "latest"));
            Files.write(dir.resolve("index.json"), json(Map.of("schemaVersion", 2,
                    "mediaType", "application/vnd.oci.image.index.v1+json", "manifests", List.of(entry))));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            return new Written(dir, manifestDigest, configDigest, layerDigests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the OCI image layout as a tar at {@code file}. */
    public static Written ociTar(Path file, List<Layer> layers) {
        try {
            Path dir = Files.createTempDirectory(file.toAbsolutePath().getParent(), "oci-");
            Written layout = ociLayout(dir, layers);
            tarOf(dir, file);
            return new Written(file, layout.manifest(), layout.config(), layout.layers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a legacy {@code docker save} tarball (manifest.json, {@code <id>/layer.tar}) at {@code file}. */
    public static Written dockerSave(Path file, List<Layer> layers) {
        try (TarArchiveOutputStream out = tarStream(Files.newOutputStream(file))) {
            List<String> layerPaths = new ArrayList<>();
            List<String> diffIds = new ArrayList<>();
            for (Layer layer : layers) {
                byte[] tar = tar(layer.entries());
                String id = digest(tar).substring(7);
                diffIds.add(layer.diffIdOverride() != null ? layer.diffIdOverride() : digest(tar));
                put(out, id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                put(out, id + "/layer.tar", tar);
                layerPaths.add(id + "/layer.tar");
            }
            byte[] config = json(configDocument(defaultConfig(), diffIds));
            String configDigest = digest(config);
            put(out, configDigest.substring(7) + ".json", config);
            Map<String, Object> image = new LinkedHashMap<>();
            image.put("Config", configDigest.substring(7) + ".json");
            image.put("RepoTags", List.of("test:latest"));
            image.put("Layers", layerPaths);
            put(out, "manifest.json", json(List.of(image)));
            return new Written(file, configDigest, configDigest, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A two-layer image layout at {@code dir}: layer 1 holds the host's static {@code /bin/busybox},
     * its applets {@code sh cat echo ls id} as links to it, {@code /etc/passwd} and {@code /etc/motd};
     * layer 2 (gzip) adds {@code /app/hello.sh} and whites out {@code /etc/motd}. The command is
     * {@code /app/hello.sh}.
     */
    public static Written busybox(Path dir) {
        Path host = Path.of("/bin/busybox");
        if (!Files.isRegularFile(host)) {
            throw new IllegalStateException("/bin/busybox is missing; install it: apt-get install busybox-static");
        }
        byte[] busybox;
        try {
            busybox = Files.readAllBytes(host);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> base = new ArrayList<>(List.of(dir("bin"), new File("bin/busybox", busybox, 0755)));
        for (String applet : List.of("sh", "cat", "echo", "ls", "id")) {
            base.add(symlink("bin/" + applet, "busybox"));
        }
        base.addAll(List.of(dir("etc"), file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n", 0644),
                file("etc/motd", "removed by layer 2\n", 0644)));
        Layer app = gzipLayer(dir("app"), file("app/hello.sh", "#!/bin/sh\necho hello from the image\n", 0755),
                whiteout("etc/motd"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Cmd", List.of("/app/hello.sh"));
        config.put("Env", List.of("PATH=/bin"));
        config.put("WorkingDir", "/app");
        return ociLayout(dir, List.of(new Layer(base, false, null), app), config);
    }

    /**
     * A listing of a tree for comparisons: path, type, permission bits, and the content's digest or the
     * link's target. Modification times are left out.
     */
    public static Map<String, String> describe(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                String rel = "/" + root.relativize(p);
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    out.put(rel, "link -> " + Files.readSymbolicLink(p));
                } else {
                    String perms = mode(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    out.put(rel, a.isDirectory() ? "dir " + perms : "file " + perms + " " + digest(Files.readAllBytes(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The uncompressed tar of the given entries. */
    public static byte[] tar(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = tarStream(bytes)) {
            for (Entry entry : entries) {
                switch (entry) {
                    case File f -> {
                        TarArchiveEntry e = new TarArchiveEntry(f.path(), true);
                        e.setMode(f.mode());
                        e.setSize(f.content().length);
                        write(out, e, f.content());
                    }
                    case Dir d -> {
                        TarArchiveEntry e = new TarArchiveEntry(d.path().endsWith("/") ? d.path() : d.path() + "/",
                                true);
                        e.setMode(d.mode());
                        write(out, e, new byte[0]);
                    }
                    case Symlink s -> {
                        TarArchiveEntry e = new TarArchiveEntry(s.path(), TarConstants.LF_SYMLINK, true);
                        e.setLinkName(s.target());
                        write(out, e, new byte[0]);
                    }
                    case Hardlink h -> {
                        TarArchiveEntry e = new TarArchiveEntry(h.path(), TarConstants.LF_LINK, true);
                        e.setLinkName(h.target());
                        write(out, e, new byte[0]);
                    }
                    case Whiteout w -> {
                        int slash = w.path().lastIndexOf('/');
                        String name = w.path().substring(0, slash + 1) + ".wh." + w.path().substring(slash + 1);
                        write(out, new TarArchiveEntry(name, true), new byte[0]);
                    }
                    case Opaque o -> write(out, new TarArchiveEntry(o.dir() + "/.wh..wh..opq", true), new byte[0]);
                    case Device d -> {
                        TarArchiveEntry e = new TarArchiveEntry(d.path(), TarConstants.LF_CHR, true);
                        e.setDevMajor(1);
                        e.setDevMinor(3);
                        write(out, e, new byte[0]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code sha256:<hex>} of the bytes. */
    public static String digest(byte[] bytes) {
        return Digest.of(bytes).toString();
    }

    private static void write(TarArchiveOutputStream out, TarArchiveEntry e, byte[] content) throws IOException {
        e.setModTime(EPOCH);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0644);
        write(out, e, content);
    }

    private static TarArchiveOutputStream tarStream(OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return tar;
    }

    /** Tars the files below {@code dir} (e.g. an image layout) into {@code file}. */
    public static void tarOf(Path dir, Path file) throws IOException {
        try (TarArchiveOutputStream out = tarStream(Files.newOutputStream(file))) {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    put(out, dir.relativize(f).toString(), Files.readAllBytes(f));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String writeBlob(Path blobs, byte[] blob) throws IOException {
        String digest = digest(blob);
        Files.write(blobs.resolve(digest.substring(7)), blob);
        return digest;
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static Map<String, Object> configDocument(Map<String, Object> config, List<String> diffIds) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("architecture", Platform.host().architecture());
        doc.put("os", "linux");
        doc.put("config", config);
        doc.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        return doc;
    }

    private static byte[] json(Object value) {
        return Json.json().writeValueAsBytes(value);
    }

    private static String mode(Set<PosixFilePermission> perms) {
        char[] s = "rwxrwxrwx".toCharArray();
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if (!perms.contains(all[i])) {
                s[i] = '-';
            }
        }
        return new String(s);
    }
}
