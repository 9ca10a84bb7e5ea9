package io.skillbox.linux.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An OCI content digest. Only {@code sha256} is accepted: it is what every image tool writes, and a
 * digest this code cannot check must be refused, not trusted.
 *
 * @param hex the 64 lower-case hex digits of the SHA-256 hash
 */
public record Digest(String hex) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        Objects.requireNonNull(hex, "hex");
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("not 64 lower-case hex digits: " + hex);
        }
    }

    /** Parses {@code sha256:<hex>}; empty if the text is anything else. */
    public static java.util.Optional<Digest> parse(String text) {
        if (text == null || !text.startsWith("sha256:") || !HEX.matcher(text.substring(7)).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Digest(text.substring(7)));
    }

    /** The digest of the given bytes. */
    public static Digest of(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
