package io.skillbox.core.manifest;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.SafeYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Loads a skillbox/v1 bundle: a directory with a {@code skill.yaml}. The bundle is treated as hostile;
 * the tree is checked without following links, the manifest is size-capped before it is read, and
 * every problem found is reported at once, with {@link ErrorCode#UNSAFE_BUNDLE} when any of them is an
 * attempt to reach outside the bundle and {@link ErrorCode#INVALID_MANIFEST} otherwise.
 */
public final class BundleLoader {
    /** The manifest's file name, which is also the {@link Bundle#format()} it is read as. */
    public static final String MANIFEST_FILE = "skill.yaml";
    /** A skill.yaml larger than this is refused before it is read. */
    public static final int MAX_MANIFEST_BYTES = 256 * 1024;

    private static final String MANIFEST_FIELD = "(manifest)";

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
        Optional<Manifest> manifest = readDocument(root, invalid, unsafe)
                .flatMap(doc -> new ManifestReader(root, doc, invalid, unsafe).read());
        if (!unsafe.isEmpty()) {
            List<Violation> all = new ArrayList<>(unsafe);
            all.addAll(invalid);
            throw new SkillboxException(ErrorCode.UNSAFE_BUNDLE, "bundle " + root + " is unsafe", all);
        }
        if (!invalid.isEmpty() || manifest.isEmpty()) {
            throw new SkillboxException(ErrorCode.INVALID_MANIFEST, "manifest " + root.resolve(MANIFEST_FILE) + " is invalid", invalid);
        }
        return new Bundle(root, manifest.get(), MANIFEST_FILE);
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

    /** Reads skill.yaml as a regular file of bounded size, without following a link, and parses it. */
    private static Optional<JsonNode> readDocument(Path root, List<Violation> invalid, List<Violation> unsafe) {
        Path file = root.resolve(MANIFEST_FILE);
        String field = BundleTree.field(root, file);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            invalid.add(new Violation(field, "the bundle has no manifest: expected the file " + file,
                    "create skill.yaml with at least apiVersion: skillbox/v1, name, version and entrypoint"));
            return Optional.empty();
        } catch (IOException e) {
            invalid.add(new Violation(field, "cannot be read: " + e.getMessage(), "make skill.yaml readable"));
            return Optional.empty();
        }
        if (!attrs.isRegularFile()) {
            unsafe.add(new Violation(field, "is not a regular file (a symlink, directory or special file)",
                    "make skill.yaml a plain file inside the bundle"));
            return Optional.empty();
        }
        if (attrs.size() > MAX_MANIFEST_BYTES) {
            unsafe.add(tooLarge(field, attrs.size()));
            return Optional.empty();
        }
        return parse(file, field, invalid, unsafe);
    }

    private static Optional<JsonNode> parse(Path file, String field, List<Violation> invalid, List<Violation> unsafe) {
        byte[] bytes;
        try {
            bytes = SafeYaml.readAtMost(file, MAX_MANIFEST_BYTES, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            invalid.add(new Violation(field, "cannot be read: " + e.getMessage(), "make skill.yaml readable"));
            return Optional.empty();
        }
        if (bytes.length > MAX_MANIFEST_BYTES) {
            unsafe.add(tooLarge(field, bytes.length)); // it grew after the size check
            return Optional.empty();
        }
        Optional<JsonNode> doc = SafeYaml.decodeUtf8(bytes, MANIFEST_FIELD, invalid)
                .flatMap(text -> SafeYaml.parse(text, MANIFEST_FIELD, "manifests", invalid));
        if (doc.isPresent() && !doc.get().isObject()) {
            invalid.add(new Violation(MANIFEST_FIELD,
                    doc.get().isMissingNode() ? "skill.yaml is empty" : "must be a mapping of fields, not a single value or a list",
                    "start skill.yaml with apiVersion: skillbox/v1, then name, version and entrypoint"));
            return Optional.empty();
        }
        return doc;
    }

    private static Violation tooLarge(String field, long size) {
        return new Violation(field, "is " + size + " bytes; a manifest may be at most " + MAX_MANIFEST_BYTES + " bytes (256 KiB)",
                "shrink skill.yaml; keep data in other files of the bundle");
    }
}
