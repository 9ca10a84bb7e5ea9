package io.skillbox.linux.image;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Lexical normalisation of a path taken from a tar entry or an image document. The result is the only
 * form of the path the rest of the package uses, so the raw name, whatever it holds, never reaches the
 * file system.
 */
final class EntryPath {
    private EntryPath() {}

    /**
     * Makes {@code name} relative ({@code /etc/x} becomes {@code etc/x}), drops {@code .} and empty
     * components, and resolves {@code ..} lexically.
     *
     * @return the normalised path ({@code ""} for the root itself), or empty if it climbs above the root
     */
    static Optional<String> normalise(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else if (part.indexOf('\0') >= 0) {
                return Optional.empty();
            } else {
                parts.addLast(part);
            }
        }
        return Optional.of(String.join("/", parts));
    }

    /** The parent of a normalised path; {@code ""} for a top-level name. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last component of a normalised path. */
    static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code child} of {@code dir}, both normalised. */
    static String join(String dir, String child) {
        return dir.isEmpty() ? child : dir + "/" + child;
    }
}
