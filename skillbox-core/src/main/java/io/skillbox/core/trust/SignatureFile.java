package io.skillbox.core.trust;

import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import tools.jackson.core.JacksonException;

/** A bundle's {@code skillbox.sig} as found on disk: absent, unusable, or a parsed signature. */
public sealed interface SignatureFile {
    /** A signature file larger than this is malformed; a real one is about 500 bytes. */
    int MAX_BYTES = 64 * 1024;

    /** There is no {@code skillbox.sig}: the bundle is unsigned. */
    record Missing() implements SignatureFile {}

    /** @param problem why the file is not a usable signature, in words a person can act on */
    record Malformed(String problem) implements SignatureFile {}

    record Present(BundleSignature signature) implements SignatureFile {}

    /** Reads {@code root/skillbox.sig} without following a link; never throws for bad content. */
    static SignatureFile read(Path root) {
        Path file = root.resolve(BundleHash.SIGNATURE_FILE);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return new Malformed(BundleHash.SIGNATURE_FILE + " is not a regular file (a symlink or a directory)");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                return new Malformed(BundleHash.SIGNATURE_FILE + " is larger than " + MAX_BYTES + " bytes");
            }
            return new Present(BundleSignature.fromJson(Json.json().readTree(bytes)));
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (JacksonException e) {
            return new Malformed(BundleHash.SIGNATURE_FILE + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return new Malformed(BundleHash.SIGNATURE_FILE + " is not a " + BundleSignature.FORMAT + " document: " + e.getMessage());
        } catch (IOException e) {
            return new Malformed(BundleHash.SIGNATURE_FILE + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Writes {@code root/skillbox.sig} atomically (a temporary file renamed over it), readable by others
     * like the rest of the bundle, so that a reader never sees half a signature.
     */
    static Path write(Path root, BundleSignature signature) {
        Path file = root.resolve(BundleHash.SIGNATURE_FILE);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(root, ".skillbox.sig-", ".tmp");
            Files.writeString(tmp, signature.toJson(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // The rename failed already; that is the error worth reporting.
        }
    }
}
