package io.skillbox.core.audit;

import static io.skillbox.core.audit.AuditFixtures.ATTACKER;
import static io.skillbox.core.audit.AuditFixtures.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.audit.AuditReport.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** Every way of editing a closed log must be reported, at the right place. */
class AuditTamperTest {
    /** 30 entries, a checkpoint after every 15: checkpoints on lines 16 and 32, the last line. */
    private static final int ENTRIES = 30;
    private static final int EVERY = 15;
    private static final int LINES = 32;

    @TempDir
    Path dir;

    /** How one byte is changed: a flipped low bit, or a different printable character (seeded). */
    enum Change {
        FLIP_LOW_BIT, PRINTABLE;

        byte apply(byte original, int position) {
            if (this == FLIP_LOW_BIT) {
                return (byte) (original ^ 0x01);
            }
            Random random = new Random(position);
            byte b;
            do {
                b = (byte) (0x20 + random.nextInt(0x7f - 0x20));
            } while (b == original);
            return b;
        }
    }

    /**
     * About 7,000 verifications per run, each checking three Ed25519 signatures, spread over the cores.
     * Without the key, the checkpoints' common key is what is checked; both paths see both changes.
     */
    @ParameterizedTest(name = "{0}, key given: {1}")
    @CsvSource({"FLIP_LOW_BIT, true", "PRINTABLE, false"})
    void everyChangedByteIsReportedAtItsLineOrTheNext(Change change, boolean keyGiven) throws IOException {
        Path original = AuditFixtures.writeLog(dir.resolve("original"), ENTRIES, EVERY);
        Optional<PublicKey> key = keyGiven ? Optional.of(HOST.publicKey()) : Optional.empty();
        assertThat(AuditVerifier.verify(original, key)).satisfies(r -> {
            assertThat(r.problems()).isEmpty();
            assertThat(r.warnings()).isEmpty();
            assertThat(r.entries()).isEqualTo(LINES);
            assertThat(r.checkpoints()).isEqualTo(2);
        });
        byte[] bytes = Files.readAllBytes(original);
        List<Long> starts = lineStarts(bytes);
        AtomicInteger workers = new AtomicInteger();
        ThreadLocal<Path> copies = ThreadLocal.withInitial(() -> copyDir(original, workers.incrementAndGet()));

        List<String> misses = IntStream.range(0, bytes.length).parallel().mapToObj(p -> {
            byte[] changed = bytes.clone();
            changed[p] = change.apply(bytes[p], p);
            Path copy = copies.get();
            write(copy, changed);
            int line = lineOf(starts, p);
            String miss = misplaced(AuditVerifier.verify(copy, key), line, starts);
            return miss == null ? null
                    : "byte " + p + " (line " + line + ", " + (char) bytes[p] + " -> " + (char) changed[p] + "): " + miss;
        }).filter(Objects::nonNull).toList();
        assertThat(misses).as("changes not reported at their line or the next").isEmpty();
    }

    private Path copyDir(Path original, int worker) {
        try {
            Path copy = Files.createDirectories(dir.resolve("copy-" + worker)).resolve(original.getFileName());
            Files.copy(HeadFile.pathFor(original), HeadFile.pathFor(copy));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String misplaced(AuditReport report, int line, List<Long> starts) {
        if (report.intact()) {
            return "not detected";
        }
        Problem first = report.problems().getFirst();
        if (first.line() != line && first.line() != line + 1) {
            return "first reported at " + first;
        }
        if (first.byteOffset() != starts.get((int) first.line() - 1)) {
            return "wrong byte offset in " + first;
        }
        return null;
    }

    @Test
    void deletedEntry() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        List<byte[]> lines = AuditFixtures.lines(log);
        long offset = lineStarts(Files.readAllBytes(log)).get(4);
        lines.remove(4);
        AuditFixtures.writeLines(log, lines);
        assertFirstProblem(log, 5, offset, 6L, "deleted");
    }

    @Test
    void insertedCopyOfAnEntry() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        List<byte[]> lines = AuditFixtures.lines(log);
        long offset = lineStarts(Files.readAllBytes(log)).get(7);
        lines.add(7, lines.get(2));
        AuditFixtures.writeLines(log, lines);
        assertFirstProblem(log, 8, offset, 3L, "inserted");
        assertThat(AuditVerifier.verify(log, Optional.empty()).problems())
                .as("the entry after the copy is reported too").anyMatch(p -> p.line() == 9);
    }

    @Test
    void swappedEntries() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        List<byte[]> lines = AuditFixtures.lines(log);
        long offset = lineStarts(Files.readAllBytes(log)).get(4);
        Collections.swap(lines, 4, 5);
        AuditFixtures.writeLines(log, lines);
        assertFirstProblem(log, 5, offset, 6L, "reordered");
    }

    @ParameterizedTest(name = "last {0} entries cut off")
    @ValueSource(ints = {1, 2, 3})
    void truncatedWholeEntries(int k) throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        List<byte[]> lines = AuditFixtures.lines(log);
        AuditFixtures.writeLines(log, lines.subList(0, LINES - k));
        assertFirstProblem(log, LINES - k + 1, Files.size(log), (long) LINES, "cut off");
    }

    @Test
    void removedHeadFile() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        Files.delete(HeadFile.pathFor(log));
        assertFirstProblem(log, LINES + 1, Files.size(log), null, "head file");
        assertThat(AuditVerifier.verify(log, Optional.empty()).problems().getFirst().message()).contains("missing");
    }

    @Test
    void theKeyIsTheOneGivenOrElseTheOneAllCheckpointsShare() {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        AuditReport own = AuditVerifier.verify(log, Optional.empty());
        assertThat(own.intact()).isTrue();
        assertThat(own.keyId()).isEqualTo(HOST.keyId());

        AuditReport wrong = AuditVerifier.verify(log, Optional.of(ATTACKER.publicKey()));
        assertThat(wrong.intact()).isFalse();
        assertThat(wrong.keyId()).isEqualTo(ATTACKER.keyId());
        assertThat(wrong.problems()).extracting(Problem::line).containsExactly(16L, 32L, 33L);
        assertThat(wrong.problems()).allSatisfy(p -> assertThat(p.message())
                .contains("signed by key " + HOST.keyId() + ", not by the given key " + ATTACKER.keyId()));
    }

    @Test
    void checkpointForgedWithAnotherKey() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        List<AuditEntry> entries = AuditReader.read(log);
        AuditEntry real = entries.get(15);
        assertThat(real.isCheckpoint()).isTrue();
        ObjectNode forged = Checkpoint.sign(15, real.prev(), ATTACKER).toData();
        List<byte[]> lines = AuditFixtures.lines(log);
        lines.set(15, AuditLine.encode(16, real.time(), real.type(), null, forged, real.prev()));
        AuditFixtures.writeLines(log, lines);

        assertFirstProblem(log, 16, real.offset(), 16L, "not by the given key");
        assertThat(AuditVerifier.verify(log, Optional.of(HOST.publicKey())).problems())
                .anyMatch(p -> p.line() == 17 && p.message().contains("prev is not the hash of line 16"));
    }

    @Test
    void rewrittenLogResignedWithTheAttackersKey() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        AuditFixtures.forge(log, ATTACKER, 5, data -> ((ObjectNode) data.deepCopy()).put("exitCode", 0));

        AuditReport withKey = AuditVerifier.verify(log, Optional.of(HOST.publicKey()));
        assertThat(withKey.problems()).extracting(Problem::line).containsExactly(16L, 32L, 33L);
        // Without a key the chain and signatures hold: only the key id shows the log is not the host's.
        AuditReport withoutKey = AuditVerifier.verify(log, Optional.empty());
        assertThat(withoutKey.intact()).isTrue();
        assertThat(withoutKey.keyId()).isEqualTo(ATTACKER.keyId()).isNotEqualTo(HOST.keyId());
    }

    @Test
    void partlyResignedLogMixesKeys() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        AuditFixtures.forge(log, ATTACKER, 20, data -> ((ObjectNode) data.deepCopy()).put("exitCode", 0));
        AuditReport report = AuditVerifier.verify(log, Optional.empty());
        assertThat(report.keyId()).isEqualTo(HOST.keyId());
        assertThat(report.problems().getFirst()).satisfies(p -> {
            assertThat(p.line()).isEqualTo(32);
            assertThat(p.message()).contains("signed by key " + ATTACKER.keyId() + ", but earlier checkpoints by "
                    + HOST.keyId());
        });
    }

    @Test
    void headFileSignedByAnotherKeyOrUnreadable() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        AuditEntry last = AuditReader.read(log).getLast();
        HeadFile.sign(last.seq(), last.hash(), ATTACKER).write(log, false);
        assertFirstProblem(log, LINES + 1, Files.size(log), (long) LINES, "the head file is signed by key");

        Files.writeString(HeadFile.pathFor(log), "{\"seq\":32}\n");
        assertFirstProblem(log, LINES + 1, Files.size(log), null, "unreadable");
    }

    /** The documented limit: an older head file, genuinely signed, hides the entries after it. */
    @Test
    void anOlderSignedHeadFileIsOnlyAWarning() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        AuditEntry older = AuditReader.read(log).get(15);
        HeadFile.sign(older.seq(), older.hash(), HOST).write(log, false);
        AuditReport report = AuditVerifier.verify(log, Optional.of(HOST.publicKey()));
        assertThat(report.intact()).isTrue();
        assertThat(report.warnings()).singleElement().asString().contains("vouches for seq 16");
    }

    @Test
    void anOverlongLineIsReportedWithoutBeingKept() throws IOException {
        Path log = AuditFixtures.writeLog(dir, ENTRIES, EVERY);
        List<byte[]> lines = AuditFixtures.lines(log);
        long offset = lineStarts(Files.readAllBytes(log)).get(3);
        lines.set(3, "x".repeat(AuditLine.MAX_BYTES + 10).getBytes());
        AuditFixtures.writeLines(log, lines);
        assertFirstProblem(log, 4, offset, null, "longer than");
    }

    @Test
    void emptyAndMissingLogs() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        assertThat(AuditVerifier.verify(empty, Optional.empty()))
                .isEqualTo(new AuditReport(true, 0, 0, null, List.of(), List.of()));
        AuditReport missing = AuditVerifier.verify(dir.resolve("none.jsonl"), Optional.of(HOST.publicKey()));
        assertThat(missing.intact()).isFalse();
        assertThat(missing.problems().getFirst().message()).contains("no audit log");
    }

    private static void assertFirstProblem(Path log, long line, long offset, Long seq, String says) {
        AuditReport report = AuditVerifier.verify(log, Optional.of(HOST.publicKey()));
        assertThat(report.intact()).isFalse();
        assertThat(report.problems().getFirst()).satisfies(p -> {
            assertThat(p.line()).as("line").isEqualTo(line);
            assertThat(p.byteOffset()).as("byte offset").isEqualTo(offset);
            assertThat(p.seq()).as("seq").isEqualTo(seq);
            assertThat(p.message()).contains(says);
        });
    }

    /** The offset of each line, and after the last one the file's size. */
    private static List<Long> lineStarts(byte[] bytes) {
        List<Long> starts = new ArrayList<>(List.of(0L));
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                starts.add(i + 1L);
            }
        }
        return starts;
    }

    private static int lineOf(List<Long> starts, int position) {
        int line = 1;
        while (line < starts.size() && starts.get(line) <= position) {
            line++;
        }
        return line;
    }
}
