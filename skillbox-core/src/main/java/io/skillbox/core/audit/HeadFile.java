package io.skillbox.core.audit;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code <log>.head}: the seq and hash of the log's last checkpoint, signed. The log must still hold that
 * entry, so whole entries cut off the end are noticed, which the chain alone cannot show. Replaced
 * atomically after every checkpoint.
 *
 * @param seq       seq of the last checkpoint
 * @param hash      its hash
 * @param key       the signing key
 * @param signature base64 Ed25519 signature
 */
record HeadFile(long seq, String hash, PublicKey key, String signature) {
    static final String DOMAIN = "skillbox-audit-head/v1\n";
    private static final List<String> FIELDS = List.of("seq", "hash", "publicKey", "signature");
    private static final long MAX_BYTES = 4096;

    static Path pathFor(Path log) {
        return log.resolveSibling(log.getFileName() + ".head");
    }

    static HeadFile sign(long seq, String hash, HostKey key) {
        return new HeadFile(seq, hash, key.publicKey(), Signatures.sign(DOMAIN, seq, hash, key));
    }

    boolean signatureValid() {
        return Signatures.verify(DOMAIN, seq, hash, key, signature);
    }

    /** Writes a temporary file, forces it, renames it over the head file and forces the directory. */
    void write(Path log, boolean fsync) throws IOException {
        ObjectNode node = Json.json().createObjectNode();
        node.put("seq", seq);
        node.put("hash", hash);
        node.put("publicKey", Ed25519.toText(key));
        node.put("signature", signature);
        Path head = pathFor(log);
        // Only the holder of the log's lock writes the head, so one temporary name does.
        Path tmp = head.resolveSibling(head.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), PosixFilePermissions.asFileAttribute(AuditLog.FILE_MODE))) {
            byte[] json = Json.json().writeValueAsBytes(node);
            ByteBuffer bytes = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (fsync) {
                out.force(true);
            }
        }
        Files.move(tmp, head, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            try (FileChannel dir = FileChannel.open(head.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    /** The head file of {@code log}, or empty when there is none. */
    static Optional<HeadFile> read(Path log) throws IOException, MalformedEntryException {
        Path head = pathFor(log);
        JsonNode node;
        try {
            if (Files.size(head) > MAX_BYTES) {
                throw new MalformedEntryException("it is larger than " + MAX_BYTES + " bytes");
            }
            node = Json.json().readTree(Files.readAllBytes(head));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (JacksonException e) {
            throw new MalformedEntryException("it is not JSON");
        }
        if (node == null || !node.isObject() || !List.copyOf(node.propertyNames()).equals(FIELDS)
                || !node.get("seq").isIntegralNumber() || !node.get("seq").canConvertToLong()
                || !node.get("hash").isString() || !node.get("publicKey").isString()
                || !node.get("signature").isString()) {
            throw new MalformedEntryException("it is not an object with the fields " + String.join(", ", FIELDS));
        }
        return Optional.of(new HeadFile(node.get("seq").longValue(),
                Signatures.hash(node.get("hash").stringValue(), "hash"),
                Signatures.publicKey(node.get("publicKey").stringValue()),
                Signatures.signature(node.get("signature").stringValue())));
    }
}
