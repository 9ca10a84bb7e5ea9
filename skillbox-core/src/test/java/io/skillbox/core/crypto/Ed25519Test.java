package io.skillbox.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519Test {
    private static final byte[] MESSAGE = "checkpoint 42".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsAndVerifies() {
        KeyPair pair = Ed25519.generate();
        byte[] sig = Ed25519.sign(pair.getPrivate(), MESSAGE);
        assertThat(Ed25519.verify(pair.getPublic(), MESSAGE, sig)).isTrue();
        assertThat(Ed25519.verify(Ed25519.generate().getPublic(), MESSAGE, sig)).as("another key").isFalse();
        sig[3] ^= 1;
        assertThat(Ed25519.verify(pair.getPublic(), MESSAGE, sig)).as("a flipped bit").isFalse();
        assertThat(Ed25519.verify(pair.getPublic(), MESSAGE, new byte[5])).as("garbage").isFalse();
    }

    @Test
    void textFormRoundTrips() {
        for (int i = 0; i < 50; i++) {
            KeyPair pair = Ed25519.generate();
            String text = Ed25519.toText(pair.getPublic());
            assertThat(text).startsWith("ed25519:").hasSize(8 + 44);
            assertThat(Ed25519.fromText(text)).isEqualTo(pair.getPublic());
            assertThat(Ed25519.keyId(pair.getPublic())).matches("sha256:[0-9a-f]{16}");
        }
        assertThatThrownBy(() -> Ed25519.fromText("rsa:AAAA")).hasMessageContaining("ed25519:<base64");
        assertThatThrownBy(() -> Ed25519.fromText("ed25519:AAAA")).hasMessageContaining("32 bytes");
    }

    @Test
    void derivesThePublicKeyFromThePrivateKey() {
        KeyPair pair = Ed25519.generate();
        assertThat(Ed25519.publicOf(pair.getPrivate())).isEqualTo(pair.getPublic());
    }

    @Test
    void keyFilesRoundTripAndAreOpensslCompatible(@TempDir Path dir) throws Exception {
        KeyPair pair = Ed25519.generate();
        Path file = dir.resolve("k");
        KeyFiles.writeNew(pair, file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(KeyFiles.readPrivate(file)).isEqualTo(pair.getPrivate());
        assertThat(KeyFiles.readPublic(KeyFiles.publicFile(file))).isEqualTo(pair.getPublic());
        assertThatThrownBy(() -> KeyFiles.writeNew(pair, file)).hasMessageContaining(file.toString());
        Files.delete(KeyFiles.publicFile(file));
        assertThatThrownBy(() -> KeyFiles.writeNew(Ed25519.generate(), file)).as("never overwrites a private key")
                .hasMessageContaining(file.toString());
        assertThat(KeyFiles.readPrivate(file)).isEqualTo(pair.getPrivate());

        Path textual = dir.resolve("text.pub");
        Files.writeString(textual, Ed25519.toText(pair.getPublic()) + "\n");
        assertThat(KeyFiles.readPublic(textual)).isEqualTo(pair.getPublic());

        // A key written by `openssl genpkey -algorithm ed25519` (RFC 8410 test vector's seed).
        Path openssl = dir.resolve("openssl.pem");
        Files.writeString(openssl, """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC
                -----END PRIVATE KEY-----
                """);
        assertThat(Ed25519.toText(Ed25519.publicOf(KeyFiles.readPrivate(openssl))))
                .isEqualTo("ed25519:Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=");
    }

    @Test
    void hostKeyIsCreatedOnceAndReused(@TempDir Path dir) {
        HostKey first = HostKey.loadOrCreate(dir.resolve("keys"));
        HostKey second = HostKey.loadOrCreate(dir.resolve("keys"));
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(Ed25519.verify(first.publicKey(), MESSAGE, second.sign(MESSAGE))).isTrue();
    }
}
