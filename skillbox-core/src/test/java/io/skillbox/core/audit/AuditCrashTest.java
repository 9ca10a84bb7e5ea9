package io.skillbox.core.audit;

import static io.skillbox.core.audit.AuditFixtures.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.crypto.KeyFiles;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed at any moment leaves a log that verifies, and that the next writer continues. */
class AuditCrashTest {
    private static final List<String> CRASH_WARNINGS = List.of("incomplete final entry", "not signed yet",
            "no checkpoint yet", "a writer stopped between writing a checkpoint and the head file");

    @TempDir
    Path dir;

    @Test
    void killedWritersLeaveAVerifiableLogThatTheNextWriterRecovers() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Path keyFile = dir.resolve("host.key");
        KeyFiles.writeNew(new KeyPair(HOST.publicKey(), HOST.privateKey()), keyFile);
        Random random = new Random(42);
        for (int round = 0; round < 5; round++) {
            long before = lines(file);
            try (ChildJvm child = ChildJvm.start(dir.resolve("child" + round + ".err"), "append", file.toString(),
                    keyFile.toString(), "ENTRY", "64", "-1", "child" + round)) {
                child.go();
                while (lines(file) < before + 200) {
                    Thread.sleep(5);
                }
                Thread.sleep(random.nextInt(20));
                child.kill();
            }
            byte[] left = Files.readAllBytes(file);
            AuditReport afterKill = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
            assertThat(afterKill.problems()).as("round %d", round).isEmpty();
            assertThat(afterKill.warnings()).allSatisfy(w -> assertThat(CRASH_WARNINGS).anyMatch(w::contains));

            try (AuditLog log = AuditLog.open(file, HOST, AuditOptions.DEFAULT)) {
                log.append("test.after-crash", null, Json.json().createObjectNode().put("round", round));
            }
            int complete = lastNewline(left) + 1;
            byte[] now = Files.readAllBytes(file);
            assertThat(Arrays.copyOf(now, complete)).as("complete entries are never rewritten")
                    .isEqualTo(Arrays.copyOf(left, complete));
            assertThat(AuditReader.read(file).stream().anyMatch(e -> e.type().equals(AuditEntry.RECOVERED)
                    && e.offset() == complete)).as("recovery recorded exactly when the tail was torn")
                    .isEqualTo(complete < left.length);
            AuditReport recovered = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
            assertThat(recovered.problems()).isEmpty();
            assertThat(recovered.warnings()).isEmpty();
        }
    }

    @Test
    void aTornTailIsReportedThenCutOffAndRecorded() throws IOException {
        Path file = AuditFixtures.writeLog(dir, 5, 64);
        byte[] whole = Files.readAllBytes(file);
        byte[] half = Arrays.copyOf(AuditFixtures.lines(file).get(2), 40);
        Files.write(file, half, StandardOpenOption.APPEND);

        AuditReport torn = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
        assertThat(torn.intact()).isTrue();
        assertThat(torn.entries()).isEqualTo(6);
        assertThat(torn.warnings()).singleElement().asString()
                .contains("incomplete final entry at byte offset " + whole.length);
        assertThat(AuditReader.read(file)).hasSize(6);

        try (AuditLog log = AuditLog.open(file, HOST, new AuditOptions(FsyncPolicy.ENTRY, 64))) {
            AuditEntry recovered = AuditReader.read(file).getLast();
            assertThat(recovered.type()).isEqualTo(AuditEntry.RECOVERED);
            assertThat(recovered.offset()).isEqualTo(whole.length);
            assertThat(recovered.data().get("discardedBytes").longValue()).isEqualTo(40);
            assertThat(recovered.data().get("discardedSha256").stringValue()).isEqualTo(Digests.sha256Hex(half));
            log.append("run.requested", "r", Json.json().createObjectNode());
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(file), whole.length)).isEqualTo(whole);
        AuditReport after = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
        assertThat(after).isEqualTo(new AuditReport(true, 9, 2, HOST.keyId(), List.of(), List.of()));
    }

    /** Another process died mid-write while this writer had the log open. */
    @Test
    void anOpenWriterCutsOffATornTailBeforeItsNextEntry() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, HOST, new AuditOptions(FsyncPolicy.NONE, 64))) {
            log.append("run.requested", "r", Json.json().createObjectNode());
            Files.writeString(file, "{\"seq\":2,\"time\":\"2026-", StandardOpenOption.APPEND);
            AuditEntry next = log.append("run.finished", "r", Json.json().createObjectNode());
            assertThat(next.seq()).isEqualTo(3);
        }
        assertThat(AuditReader.read(file)).extracting(AuditEntry::type)
                .containsExactly("run.requested", AuditEntry.RECOVERED, "run.finished", AuditEntry.CHECKPOINT);
        AuditReport report = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    private static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
