package io.skillbox.core.contract;

import io.skillbox.core.io.FileLocks;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Counts contract violations per bundle content hash across runs and processes: one small JSON file
 * ({@code {"sha256:…": {"skill": "…", "violations": 3}}}) updated under an exclusive file lock. A bundle
 * that changes gets a new hash and starts from zero, which is right: the count belongs to the code that
 * misbehaved.
 */
public final class ViolationLedger {
    private final Path file;

    public ViolationLedger(Path file) {
        this.file = file;
    }

    /** Adds {@code count} violations for the bundle and returns its new total. */
    public int add(String bundleHash, String skill, int count) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return FileLocks.withLock(file.resolveSibling("." + file.getFileName() + ".lock"), () -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    ObjectNode all = read(ch);
                    ObjectNode entry = all.has(bundleHash) && all.get(bundleHash).isObject()
                            ? (ObjectNode) all.get(bundleHash) : all.putObject(bundleHash);
                    int total = entry.path("violations").asInt(0) + count;
                    entry.put("skill", skill);
                    entry.put("violations", total);
                    byte[] bytes = Json.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(all);
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(bytes), 0);
                    ch.force(false);
                    return total;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update the violation ledger " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 16 << 20));
        ch.read(buf, 0);
        String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return Json.json().createObjectNode();
        }
        try {
            JsonNode node = Json.json().readTree(text);
            return node instanceof ObjectNode o ? o : Json.json().createObjectNode();
        } catch (JacksonException e) {
            // A damaged ledger restarts from zero rather than blocking every run; the audit log keeps the truth.
            return Json.json().createObjectNode();
        }
    }
}
