package io.skillbox.linux.host;

import io.skillbox.core.backend.ProcessOutcome.CollectedArtifact;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.ArtifactSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the artifacts a finished run left in its scratch space. The content was written by hostile
 * code: symlinks are never followed (they could point at host files once read from the host side),
 * only regular files count, the walk is depth-capped, and files and bytes are capped as the spec says.
 * The sandbox is dead when this runs, so nothing changes underneath.
 */
public final class ArtifactCollector {
    static final int MAX_DEPTH = 16;

    /** The artifacts, and a violation for each thing dropped. */
    public record Collected(List<CollectedArtifact> artifacts, List<Violation> dropped) {}

    private ArtifactCollector() {}

    /**
     * @param scratchRoot   the host directory of the scratch mount
     * @param scratchTarget where the scratch mount appears in the sandbox (e.g. {@code /work})
     */
    public static Collected collect(Path scratchRoot, String scratchTarget, ArtifactSpec spec) {
        String dir = spec.directory();
        if (!dir.equals(scratchTarget) && !dir.startsWith(scratchTarget + "/")) {
            return new Collected(List.of(), List.of(dropped("artifact directory " + dir + " is not in the scratch space")));
        }
        Path base = scratchRoot.resolve(dir.substring(scratchTarget.length()).replaceFirst("^/", ""));
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS) || spec.maxFiles() == 0) {
            return new Collected(List.of(), List.of());
        }
        Walker walker = new Walker(base, spec);
        try {
            Files.walkFileTree(base, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, walker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read artifacts from " + base, e);
        }
        return new Collected(List.copyOf(walker.artifacts), List.copyOf(walker.notes));
    }

    private static final class Walker extends SimpleFileVisitor<Path> {
        private final Path base;
        private final ArtifactSpec spec;
        private final List<CollectedArtifact> artifacts = new ArrayList<>();
        private final List<Violation> notes = new ArrayList<>();
        private long bytes;
        private int droppedFiles;

        Walker(Path base, ArtifactSpec spec) {
            this.base = base;
            this.spec = spec;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String rel = base.relativize(file).toString();
            if (!attrs.isRegularFile()) {
                notes.add(dropped("artifact " + rel + " skipped: not a regular file"));
                return FileVisitResult.CONTINUE;
            }
            if (artifacts.size() >= spec.maxFiles() || bytes + attrs.size() > spec.maxBytes()) {
                droppedFiles++;
                return FileVisitResult.CONTINUE;
            }
            if (!(ScratchFiles.read(base, file, attrs.size()) instanceof ScratchFiles.Regular regular)) {
                notes.add(dropped("artifact " + rel + " skipped: not a regular file"));
                return FileVisitResult.CONTINUE;
            }
            byte[] content = regular.content();
            bytes += content.length;
            artifacts.add(new CollectedArtifact(rel, content.length, sha256(content), content));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            notes.add(dropped("artifact " + base.relativize(file) + " skipped: " + e.getMessage()));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (dir.equals(base) && droppedFiles > 0) {
                notes.add(dropped(droppedFiles + " artifact(s) dropped: more than " + spec.maxFiles()
                        + " files or " + spec.maxBytes() + " bytes"));
            }
            return FileVisitResult.CONTINUE;
        }
    }

    private static Violation dropped(String problem) {
        return new Violation("artifacts", problem,
                "leave only regular files in /work/out, within the policy's artifacts.maxFiles and artifacts.maxBytes");
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
