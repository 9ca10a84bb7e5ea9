package io.skillbox.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 signing with the JDK's provider. Public keys travel as {@code ed25519:<base64>} (the 32 raw
 * bytes of RFC 8032), identified by {@link #keyId}.
 */
public final class Ed25519 {
    public static final String TEXT_PREFIX = "ed25519:";

    private Ed25519() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** True only for a well-formed signature of {@code message} by {@code key}; never throws for bad input. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    /** The 32 raw bytes of an Ed25519 public key (RFC 8032 encoding). */
    public static byte[] raw(PublicKey key) {
        if (!(key instanceof EdECPublicKey ed)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        EdECPoint point = ed.getPoint();
        byte[] y = point.getY().toByteArray();
        byte[] out = new byte[32];
        // BigInteger is big-endian with an optional sign byte; RFC 8032 is little-endian.
        for (int i = 0; i < Math.min(32, y.length); i++) {
            out[i] = y[y.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** Decodes 32 raw bytes (RFC 8032) into a public key. */
    public static PublicKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] le = Arrays.copyOf(raw, 32);
        boolean xOdd = (le[31] & 0x80) != 0;
        le[31] &= 0x7f;
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(
                    new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** {@code ed25519:<base64>}. */
    public static String toText(PublicKey key) {
        return TEXT_PREFIX + Base64.getEncoder().encodeToString(raw(key));
    }

    /** Parses {@code ed25519:<base64>}; throws IllegalArgumentException naming what is wrong. */
    public static PublicKey fromText(String text) {
        if (!text.startsWith(TEXT_PREFIX)) {
            throw new IllegalArgumentException("a public key is written ed25519:<base64 of 32 bytes>");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.substring(TEXT_PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key after 'ed25519:' is not base64");
        }
        return fromRaw(raw);
    }

    /** A short, stable id: {@code sha256:} and the first 16 hex digits of the SHA-256 of the raw key. */
    public static String keyId(PublicKey key) {
        return "sha256:" + Digests.sha256Hex(raw(key)).substring(0, 16);
    }

    /** The public half of a private key (Ed25519 private keys from the JDK carry their seed only). */
    public static PublicKey publicOf(PrivateKey key) {
        return KeyFiles.publicOf(key);
    }
}
