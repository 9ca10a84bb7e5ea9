package io.skillbox.core.audit;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The signatures of checkpoints and the head file: Ed25519 over {@code domain + seq + "\n" + hash}, where
 * the domain line keeps a signature of one kind from being replayed as the other. Keys and signatures
 * must be in their canonical text form, so that no byte of them can change without being noticed.
 */
final class Signatures {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final int SIGNATURE_BYTES = 64;

    private Signatures() {}

    static String sign(String domain, long seq, String hash, HostKey key) {
        return Base64.getEncoder().encodeToString(key.sign(message(domain, seq, hash)));
    }

    static boolean verify(String domain, long seq, String hash, PublicKey key, String signature) {
        return Ed25519.verify(key, message(domain, seq, hash), Base64.getDecoder().decode(signature));
    }

    static boolean sameKey(PublicKey a, PublicKey b) {
        return Arrays.equals(Ed25519.raw(a), Ed25519.raw(b));
    }

    static PublicKey publicKey(String text) throws MalformedEntryException {
        try {
            PublicKey key = Ed25519.fromText(text);
            if (Ed25519.toText(key).equals(text)) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException("publicKey is not an Ed25519 key: " + e.getMessage());
        }
        throw new MalformedEntryException("publicKey is not in its canonical ed25519:<base64> form");
    }

    static String signature(String text) throws MalformedEntryException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException("signature is not base64");
        }
        if (raw.length != SIGNATURE_BYTES || !Base64.getEncoder().encodeToString(raw).equals(text)) {
            throw new MalformedEntryException("signature is not the canonical base64 of 64 bytes");
        }
        return text;
    }

    static String hash(String text, String field) throws MalformedEntryException {
        if (!HASH.matcher(text).matches()) {
            throw new MalformedEntryException(field + " must be 64 lowercase hex digits");
        }
        return text;
    }

    private static byte[] message(String domain, long seq, String hash) {
        return (domain + seq + "\n" + hash).getBytes(StandardCharsets.UTF_8);
    }
}
