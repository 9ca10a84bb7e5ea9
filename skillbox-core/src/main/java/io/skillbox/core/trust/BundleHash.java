package io.skillbox.core.trust;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The content hash of a bundle: {@code sha256:<hex>} of a canonical document that lists every entry
 * (directories, regular files, symlinks) with its relative path, its type, its permission bits and its
 * content (a file's SHA-256, a link's target text). Mtimes, owners and listing order do not count;
 * nothing is followed; the top-level {@code skillbox.sig} regular file is left out, since it holds the
 * signature of this very hash. The canonical form ({@code skillbox-bundle-hash/v1}) is specified in
 * docs/TRUST.md:
 *
 * <pre>
 * skillbox-bundle-hash/v1\n
 * d 0755 1:.\n                       a directory: mode, then the path as length:bytes
 * f 0644 10:skill.yaml sha256:…\n    a regular file: mode, path, SHA-256 of the content
 * l 7:current 5:v1.py\n              a symlink: path, then target as length:bytes (no mode)
 * </pre>
 *
 * Entries are sorted by the UTF-8 bytes of their paths; lengths are UTF-8 byte counts in decimal, so no
 * choice of names (spaces, newlines, '/') can make two different trees print alike.
 */
public final class BundleHash {
    /** The first line of the canonical document, and the version of this format. */
    public static final String FORMAT = "skillbox-bundle-hash/v1";
    /** The detached signature's file name, at the top of the bundle; the only entry the hash skips. */
    public static final String SIGNATURE_FILE = "skillbox.sig";
    /** Every hash starts with this. */
    public static final String PREFIX = "sha256:";

    private BundleHash() {}

    /**
     * Loads the bundle (refusing whatever {@link BundleLoader} refuses) and hashes it.
     *
     * @throws io.skillbox.core.error.SkillboxException {@code UNSAFE_BUNDLE} or {@code INVALID_MANIFEST}
     */
    public static String of(Path dir) {
        return of(BundleLoader.load(dir));
    }

    /** Hashes a bundle that {@link BundleLoader} has loaded. */
    public static String of(Bundle bundle) {
        return PREFIX + Digests.sha256Hex(canonical(bundle.root()));
    }

    /** The canonical document whose SHA-256 is the hash; for tests and for explaining a mismatch. */
    static byte[] canonical(Path root) {
        return canonical(BundleEntries.of(root));
    }

    static byte[] canonical(List<BundleEntries.Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((FORMAT + "\n").getBytes(StandardCharsets.US_ASCII));
        for (BundleEntries.Entry entry : entries) {
            String line = switch (entry) {
                case BundleEntries.Directory d -> "d " + mode(d.mode()) + " " + counted(d.path());
                case BundleEntries.File f -> "f " + mode(f.mode()) + " " + counted(f.path()) + " " + PREFIX + f.sha256();
                case BundleEntries.Link l -> "l " + counted(l.path()) + " " + counted(l.target());
            };
            out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Whether {@code text} has the form of a hash, {@code sha256:} and 64 lowercase hex digits. */
    public static boolean isHash(String text) {
        return text.length() == PREFIX.length() + 64 && text.startsWith(PREFIX)
                && text.substring(PREFIX.length()).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static String mode(int mode) {
        return String.format("%04o", mode);
    }

    private static String counted(String text) {
        return BundleEntries.utf8(text).length + ":" + text;
    }
}
