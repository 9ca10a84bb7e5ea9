package io.skillbox.core.crypto;

import io.skillbox.core.io.FileLocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The host's Ed25519 key: it signs audit checkpoints and forensics bundles. Created on first use as
 * {@code <dir>/host.key} (0600) and {@code host.key.pub}; concurrent first uses agree on one key.
 *
 * @param file where the private key lives
 */
public record HostKey(Path file, PrivateKey privateKey, PublicKey publicKey) {
    public static final String FILE_NAME = "host.key";

    /** Loads {@code dir/host.key}, creating the directory (0700) and the key if they do not exist. */
    public static HostKey loadOrCreate(Path dir) {
        return loadOrCreate(dir, FILE_NAME);
    }

    /**
     * Loads {@code dir/name}, creating the directory (0700) and the key if they do not exist: one key per
     * purpose (the audit log's host key, the broker's token key), so that one leaking does not forge the other.
     */
    public static HostKey loadOrCreate(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            FileLocks.withLock(dir.resolve("." + name + ".lock"), () -> {
                if (!Files.exists(file)) {
                    KeyFiles.writeNew(Ed25519.generate(), file);
                }
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the host key in " + dir + ": " + e.getMessage(), e);
        }
        return load(file);
    }

    public static HostKey load(Path file) {
        PrivateKey key = KeyFiles.readPrivate(file);
        return new HostKey(file, key, Ed25519.publicOf(key));
    }

    public static HostKey of(KeyPair pair) {
        return new HostKey(Path.of("(memory)"), pair.getPrivate(), pair.getPublic());
    }

    public byte[] sign(byte[] message) {
        return Ed25519.sign(privateKey, message);
    }

    public String publicText() {
        return Ed25519.toText(publicKey);
    }

    public String keyId() {
        return Ed25519.keyId(publicKey);
    }
}
