package io.skillbox.core.audit;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Logs to tamper with, and an attacker who rewrites one and re-signs it with their own key. */
final class AuditFixtures {
    static final HostKey HOST = HostKey.of(Ed25519.generate());
    static final HostKey ATTACKER = HostKey.of(Ed25519.generate());

    private AuditFixtures() {}

    /** A log of {@code count} varied entries, a checkpoint after every {@code every}, closed. */
    static Path writeLog(Path dir, int count, int every) {
        Path file = dir.resolve("audit.jsonl");
        Random random = new Random(count * 31L + every);
        try (AuditLog log = AuditLog.open(file, HOST, new AuditOptions(FsyncPolicy.NONE, every))) {
            for (int i = 0; i < count; i++) {
                log.append(i % 2 == 0 ? "run.requested" : "run.finished", i % 5 == 4 ? null : "run-" + (i / 2),
                        data(random, i));
            }
        }
        return file;
    }

    /** Entry data with the kinds of value a run produces: non-ASCII text, numbers, nesting, null. */
    static ObjectNode data(Random random, int i) {
        ObjectNode data = Json.json().createObjectNode();
        data.put("skill", "résumé✓" + random.nextInt(100));
        data.put("exit", random.nextInt(256) - 1);
        data.put("ms", random.nextInt(100_000) / 10.0);
        data.putObject("net").put("mode", i % 3 == 0 ? "deny" : "allow").putNull("why");
        return data;
    }

    static List<byte[]> lines(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    static void writeLines(Path file, List<byte[]> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.write(line);
            out.write('\n');
        }
        Files.write(file, out.toByteArray());
    }

    /**
     * What an attacker with write access but without the host key can do at best: change the data of entry
     * {@code seq}, then recompute the chain from there and re-sign every later checkpoint and the head file
     * with their own key.
     */
    static void forge(Path file, HostKey key, long seq, UnaryOperator<JsonNode> edit) throws IOException {
        List<byte[]> out = new ArrayList<>();
        String prev = AuditLine.ZERO_HASH;
        AuditEntry last = null;
        for (AuditEntry e : AuditReader.read(file)) {
            JsonNode data = e.seq() == seq ? edit.apply(e.data())
                    : e.isCheckpoint() && e.seq() > seq ? Checkpoint.sign(e.seq() - 1, prev, key).toData() : e.data();
            byte[] line = AuditLine.encode(e.seq(), e.time(), e.type(), e.runId(), data, prev);
            out.add(line);
            prev = AuditLine.hash(line);
            last = e;
        }
        writeLines(file, out);
        HeadFile.sign(last.seq(), prev, key).write(file, false);
    }
}
