package io.skillbox.gateway.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for one store entry, with the entry's name as associated data: a value moved under another
 * name fails to decrypt instead of answering for the wrong capability.
 */
final class EntryCipher {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final int TAG_BITS = TAG_BYTES * 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One encrypted value. */
    record Sealed(byte[] nonce, byte[] data) {}

    private EntryCipher() {}

    static Sealed seal(SecretKey key, String name, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, name, nonce);
            return new Sealed(nonce, c.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        }
    }

    /** The plaintext, or AEADBadTagException for a wrong key, a wrong name or edited bytes. */
    static String open(SecretKey key, String name, Sealed sealed) throws AEADBadTagException {
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, name, sealed.nonce());
            return new String(c.doFinal(sealed.data()), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has AES-GCM", e);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, String name, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
