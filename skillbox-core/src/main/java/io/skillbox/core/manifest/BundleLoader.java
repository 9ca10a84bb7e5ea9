package io.skillbox.core.manifest;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.SafeYaml;
import io.skillbox.core.manifest.formats.AgentSkillFormat;
import io.skillbox.core.manifest.formats.SkillEngineFormat;
import io.skillbox.core.manifest.formats.SkillwareFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Loads a bundle in any format skillbox reads: {@code skill.yaml} (skillbox/v1), a Skillware
 * {@code manifest.yaml} with {@code skill.py}, an Agent Skills {@code SKILL.md}, or a skill-engine
 * {@code .skill-engine.toml}. The bundle is treated as
 * hostile; the tree is checked without following links, the manifest is size-capped before it is read, and
 * every problem found is reported at once, with {@link ErrorCode#UNSAFE_BUNDLE} when any of them is an
 * attempt to reach outside the bundle and {@link ErrorCode#INVALID_MANIFEST} otherwise.
 */
public final class BundleLoader {
    /** skillbox's own manifest file, which is also the {@link Bundle#format()} it is read as. */
    public static final String MANIFEST_FILE = "skill.yaml";
    /** A manifest file larger than this is refused before it is read. */
    public static final int MAX_MANIFEST_BYTES = 256 * 1024;

    /** Every format this build reads; skill.yaml first, because it wins when a bundle holds several manifests. */
    private static final List<ManifestFormat> FORMATS = List.of(
            SkillYamlFormat.FORMAT, SkillwareFormat.FORMAT, AgentSkillFormat.FORMAT, SkillEngineFormat.FORMAT);

    private BundleLoader() {}

    /**
     * @param dir the bundle directory; it may itself be reached through a symlink, nothing inside may leave it
     * @throws SkillboxException {@code UNSAFE_BUNDLE} or {@code INVALID_MANIFEST}, carrying every violation
     */
    public static Bundle load(Path dir) {
        Path root = realDirectory(dir);
        BundleTree.Findings tree = BundleTree.check(root);
        List<Violation> unsafe = new ArrayList<>(tree.unsafe());
        List<Violation> invalid = new ArrayList<>(tree.unreadable());
        Optional<ManifestFormat> format = detect(root, invalid);
        Optional<ManifestFormat.Read> read = format.flatMap(f -> readText(root, f.file(), invalid, unsafe)
                .flatMap(text -> f.reader().read(root, text, invalid, unsafe)));
        if (!unsafe.isEmpty()) {
            List<Violation> all = new ArrayList<>(unsafe);
            all.addAll(invalid);
            throw new SkillboxException(ErrorCode.UNSAFE_BUNDLE, "bundle " + root + " is unsafe", all);
        }
        if (!invalid.isEmpty() || read.isEmpty()) {
            String file = format.map(ManifestFormat::file).orElse(MANIFEST_FILE);
            throw new SkillboxException(ErrorCode.INVALID_MANIFEST, "manifest " + root.resolve(file) + " is invalid", invalid);
        }
        return new Bundle(root, read.get().manifest(), format.get().label(), read.get().notes());
    }

    /**
     * The format whose file the bundle holds: skill.yaml whenever it is there, else the one other format
     * present. Two foreign manifests and no skill.yaml is ambiguous, and refused rather than guessed.
     */
    private static Optional<ManifestFormat> detect(Path root, List<Violation> invalid) {
        List<ManifestFormat> present = FORMATS.stream()
                .filter(f -> Files.exists(root.resolve(f.file()), LinkOption.NOFOLLOW_LINKS))
                .toList();
        if (present.isEmpty()) {
            invalid.add(new Violation(BundleTree.field(root, root.resolve(MANIFEST_FILE)),
                    "the bundle has no manifest: expected the file " + root.resolve(MANIFEST_FILE) + " (or "
                            + FORMATS.stream().skip(1).map(ManifestFormat::label).collect(Collectors.joining(" or ")) + ")",
                    "create skill.yaml with at least apiVersion: skillbox/v1, name, version and entrypoint"));
            return Optional.empty();
        }
        if (present.getFirst() == SkillYamlFormat.FORMAT || present.size() == 1) {
            return Optional.of(present.getFirst());
        }
        invalid.add(new Violation("(bundle)",
                "holds " + present.stream().map(ManifestFormat::label).collect(Collectors.joining(" and "))
                        + ", so which one describes the skill is ambiguous",
                "remove the files of the format the skill is not written in, or add a skill.yaml (it takes precedence)"));
        return Optional.empty();
    }

    private static Path realDirectory(Path dir) {
        Path root;
        try {
            root = dir.toAbsolutePath().toRealPath();
        } catch (IOException e) {
            throw unsafe(dir, "does not exist or cannot be read (" + e.getMessage() + ")",
                    "pass the path of the skill's directory, the one holding skill.yaml");
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw unsafe(dir, "is not a directory", "pass the directory holding skill.yaml, not a file");
        }
        return root;
    }

    private static SkillboxException unsafe(Path dir, String problem, String fix) {
        return new SkillboxException(ErrorCode.UNSAFE_BUNDLE, "bundle " + dir + " " + problem,
                List.of(new Violation("(bundle)", dir + " " + problem, fix)));
    }

    /** Reads the manifest file as a regular file of bounded size and strict UTF-8, without following a link. */
    private static Optional<String> readText(Path root, String name, List<Violation> invalid, List<Violation> unsafe) {
        Path file = root.resolve(name);
        String field = BundleTree.field(root, file);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            invalid.add(new Violation(field, "cannot be read: " + e.getMessage(), "make " + name + " readable"));
            return Optional.empty();
        }
        if (!attrs.isRegularFile()) {
            unsafe.add(new Violation(field, "is not a regular file (a symlink, directory or special file)",
                    "make " + name + " a plain file inside the bundle"));
            return Optional.empty();
        }
        if (attrs.size() > MAX_MANIFEST_BYTES) {
            unsafe.add(tooLarge(field, name, attrs.size()));
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = SafeYaml.readAtMost(file, MAX_MANIFEST_BYTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            invalid.add(new Violation(field, "cannot be read: " + e.getMessage(), "make " + name + " readable"));
            return Optional.empty();
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            unsafe.add(tooLarge(field, name, bytes.length)); // it grew after the size check
            return Optional.empty();
        }
        return SafeYaml.decodeUtf8(bytes, ManifestDocuments.DOCUMENT_FIELD, invalid);
    }

    private static Violation tooLarge(String field, String name, long size) {
        return new Violation(field, "is " + size + " bytes; a manifest may be at most " + MAX_MANIFEST_BYTES + " bytes (256 KiB)",
                "shrink " + name + "; keep data in other files of the bundle");
    }
}
