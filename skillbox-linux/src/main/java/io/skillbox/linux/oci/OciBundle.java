package io.skillbox.linux.oci;

import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a runtime needs on disk for one run: its {@code config.json}, plus what the runtime-spec cannot say
 * and the launcher must create in the rootfs skeleton first.
 *
 * @param config   the runtime-spec configuration
 * @param symlinks links to create in the skeleton (merged-/usr hosts: {@code /bin -> usr/bin})
 * @param files    the data files (synthetic /etc/passwd, ...) to write before the runtime binds them
 */
public record OciBundle(ObjectNode config, List<Symlink> symlinks, List<DataFile> files) {
    public OciBundle {
        symlinks = List.copyOf(symlinks);
        files = List.copyOf(files);
    }

    /** Everything at once, in one bundle directory with its own skeleton: data files, skeleton, config.json. */
    public void write(OciHost paths, Path bundleDir, boolean image) {
        writeFiles(paths.files());
        writeSkeleton(paths.rootfs(), image);
        writeConfig(bundleDir);
    }

    /** The data files, each with its mode, in {@code dir}. */
    public void writeFiles(Path dir) {
        try {
            Files.createDirectories(dir);
            for (DataFile file : files) {
                Files.writeString(file.hostPath(), file.content(), StandardCharsets.UTF_8);
                Files.setAttribute(file.hostPath(), "unix:mode", file.mode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data files in " + dir, e);
        }
    }

    /**
     * The skeleton's symlinks and every mount point, in {@code rootfs}; the data files must exist (a file is
     * mounted on a file). Every mount point exists before the runtime starts: gVisor's Gofer cannot create them in
     * a root-owned skeleton, and runc would otherwise create them itself.
     *
     * @param image whether {@code rootfs} is an image's overlay, whose symbolic links are never followed
     */
    public void writeSkeleton(Path rootfs, boolean image) {
        try {
            Files.createDirectories(rootfs);
            for (Symlink link : symlinks) {
                Path at = rootfs.resolve(link.target().substring(1));
                Files.createDirectories(at.getParent());
                Files.createSymbolicLink(at, Path.of(link.linkText()));
            }
            for (var mount : config.path("mounts")) {
                String destination = mount.path("destination").asString();
                if (image && ImageOverlay.linkOnTheWay(rootfs, destination).isPresent()) {
                    // Refused when the run was prepared; this guards the host if that check is ever bypassed.
                    throw new IllegalStateException("the image has a symbolic link on the way to " + destination);
                }
                Path at = rootfs.resolve(destination.substring(1));
                if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Files.createDirectories(at.getParent());
                if (Files.isRegularFile(Path.of(mount.path("source").asString()))) {
                    Files.createFile(at);
                } else {
                    Files.createDirectory(at);
                }
                tmpfsMode(mount).ifPresent(mode -> {
                    try {
                        // runc gives a tmpfs the mode of its mount point, not its mode= option.
                        Files.setAttribute(at, "unix:mode", mode);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rootfs skeleton in " + rootfs, e);
        }
    }

    /** {@code config.json}, readable by root only, in {@code bundleDir}. */
    public void writeConfig(Path bundleDir) {
        try {
            Path file = bundleDir.resolve("config.json");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Json.json().writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write config.json in " + bundleDir, e);
        }
    }

    /**
     * What the skeleton depends on, as a digest: the symlinks, and each mount point's path, kind (file or
     * directory) and tmpfs mode. Runs whose specs share the shape share one skeleton. The data files must exist.
     */
    String skeletonKey() {
        StringBuilder shape = new StringBuilder();
        symlinks.forEach(l -> shape.append("L ").append(l.target()).append(' ').append(l.linkText()).append('\n'));
        for (var mount : config.path("mounts")) {
            shape.append("M ").append(mount.path("destination").asString())
                    .append(Files.isRegularFile(Path.of(mount.path("source").asString())) ? " file" : " dir")
                    .append(tmpfsMode(mount).map(m -> " " + Integer.toOctalString(m)).orElse("")).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(shape.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same bundle with {@code rootfs} as the container's root. */
    OciBundle withRoot(Path rootfs) {
        ObjectNode copy = config.deepCopy();
        copy.withObject("/root").put("path", rootfs.toString());
        return new OciBundle(copy, symlinks, files);
    }

    private static Optional<Integer> tmpfsMode(JsonNode mount) {
        if (!mount.path("type").asString().equals("tmpfs")) {
            return Optional.empty();
        }
        for (var option : mount.path("options")) {
            if (option.asString().startsWith("mode=")) {
                return Optional.of(Integer.parseInt(option.asString().substring(5), 8));
            }
        }
        return Optional.empty();
    }

    /** A symlink at {@code target} (absolute, inside the container) reading {@code linkText}. */
    public record Symlink(String linkText, String target) {}

    /** The content of {@code hostPath}, written with {@code mode} and bound read-only into the container. */
    public record DataFile(Path hostPath, String content, int mode) {}
}
