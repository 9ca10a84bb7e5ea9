package io.skillbox.gateway.token;

import java.security.KeyPair;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The broker's Ed25519 key in the form BouncyCastle's RFC 8032 code uses directly: the raw seed and
 * public bytes, and the public point decoded once. The JDK's {@code Signature} re-decodes the key on
 * every call, which makes it several times slower to verify, and every brokered request verifies.
 */
final class EdDsaKey {
    private final byte[] seed;
    private final byte[] publicKey;
    private final Ed25519.PublicPoint publicPoint;

    EdDsaKey(KeyPair pair) {
        if (!(pair.getPrivate() instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("the token key must be an Ed25519 key pair, not "
                    + pair.getPrivate().getAlgorithm());
        }
        seed = ed.getBytes().get();
        publicKey = io.skillbox.core.crypto.Ed25519.raw(pair.getPublic());
        byte[] derived = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, derived, 0);
        if (!Arrays.equals(derived, publicKey)) {
            throw new IllegalArgumentException("the token key's public half does not belong to its private half");
        }
        publicPoint = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (publicPoint == null) {
            throw new IllegalArgumentException("the token key's public half is not a valid Ed25519 point");
        }
    }

    byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** BouncyCastle rejects non-canonical signatures (S ≥ L), so a token has exactly one valid signature. */
    boolean verify(byte[] message, int length, byte[] signature) {
        return signature.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(signature, 0, publicPoint, message, 0, length);
    }
}
