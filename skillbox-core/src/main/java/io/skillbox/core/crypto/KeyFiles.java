package io.skillbox.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys as PEM files, the formats {@code openssl genpkey -algorithm ed25519} and
 * {@code openssl pkey -pubout} write: a PKCS#8 {@code PRIVATE KEY} and an X.509 {@code PUBLIC KEY}.
 * A public key may also be given as a file holding one {@code ed25519:<base64>} line.
 */
public final class KeyFiles {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private KeyFiles() {}

    /** Reads a PEM private key; throws IllegalArgumentException saying what is wrong with the file. */
    public static PrivateKey readPrivate(Path file) {
        byte[] der = pem(read(file), PRIVATE, file);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 private key (create one with "
                    + "`openssl genpkey -algorithm ed25519 -out " + file.getFileName() + "`)", e);
        }
    }

    /** Reads a PEM public key or an {@code ed25519:<base64>} line. */
    public static PublicKey readPublic(Path file) {
        String text = read(file).strip();
        if (text.startsWith(Ed25519.TEXT_PREFIX)) {
            return Ed25519.fromText(text);
        }
        byte[] der = pem(text, PUBLIC, file);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 public key", e);
        }
    }

    /** Writes a key pair as {@code file} (mode 0600) and {@code file.pub}; refuses to overwrite either. */
    public static void writeNew(KeyPair pair, Path file) {
        Path pub = publicFile(file);
        try {
            for (Path existing : new Path[] {file, pub}) {
                if (Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(existing.toString());
                }
            }
            Path tmp = Files.createTempFile(parent(file), ".key-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, pemText(PRIVATE, pair.getPrivate().getEncoded()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(pub, pemText(PUBLIC, pair.getPublic().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Where the public half of {@code privateFile} is kept: the same name with {@code .pub} appended. */
    public static Path publicFile(Path privateFile) {
        return privateFile.resolveSibling(privateFile.getFileName() + ".pub");
    }

    /** Derives the public key: Ed25519's key pair is a function of the 32-byte seed the JDK stores. */
    static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            return g.generateKeyPair().getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    private static String pemText(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pem(String text, String type, Path file) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(file + " holds no PEM '" + type + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(file + ": the PEM block is not base64");
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new IllegalArgumentException(file + " is too large to be a key file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path parent(Path file) {
        Path p = file.toAbsolutePath().getParent();
        return p == null ? Path.of("/") : p;
    }

    /** Hands the seed to the generator once; anything else asking for randomness is a bug here. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;
        private boolean used;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != seed.length) {
                throw new IllegalStateException("unexpected use of the seed source");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
