package io.skillbox.core.audit;

import static io.skillbox.core.audit.AuditFixtures.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void createsAPrivateDirectoryAndFiles() throws IOException {
        Path file = dir.resolve("state/audit/audit.jsonl");
        try (AuditLog log = open(file, FsyncPolicy.ENTRY, 64)) {
            assertThat(log.file()).isEqualTo(file.toAbsolutePath());
            log.append("run.requested", "r1", data(1));
        }
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(HeadFile.pathFor(file))).isEqualTo("rw-------");
        assertThat(HeadFile.pathFor(file).getFileName()).hasToString("audit.jsonl.head");
    }

    @Test
    void chainsEntriesAndSignsEveryNEntriesAndAtClose() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<AuditEntry> returned = new ArrayList<>();
        try (AuditLog log = open(file, FsyncPolicy.CHECKPOINT, 3)) {
            for (int i = 0; i < 7; i++) {
                returned.add(log.append("run.finished", i == 0 ? null : "r" + i, data(i)));
            }
        }
        List<AuditEntry> entries = AuditReader.read(file);
        assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(entries).filteredOn(AuditEntry::isCheckpoint).extracting(AuditEntry::seq).containsExactly(4L, 8L, 10L);
        assertThat(entries.getFirst().prev()).isEqualTo(AuditLine.ZERO_HASH);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).prev()).isEqualTo(entries.get(i - 1).hash());
            assertThat(entries.get(i).line()).isEqualTo(i + 1);
        }
        assertThat(entries).filteredOn(e -> !e.isCheckpoint()).containsExactlyElementsOf(returned);

        AuditEntry last = entries.getLast();
        Checkpoint checkpoint = Checkpoint.parse(last.data());
        assertThat(checkpoint.headSeq()).isEqualTo(9);
        assertThat(checkpoint.head()).isEqualTo(entries.get(8).hash());
        assertThat(checkpoint.signatureValid()).isTrue();
        assertThat(last.data().get("keyId").stringValue()).isEqualTo(HOST.keyId());
        assertThat(last.data().get("publicKey").stringValue()).isEqualTo(HOST.publicText());
        assertThat(Ed25519.verify(HOST.publicKey(), ("skillbox-audit-checkpoint/v1\n9\n" + checkpoint.head()).getBytes(),
                Base64.getDecoder().decode(checkpoint.signature()))).as("the documented message").isTrue();

        HeadFile head = HeadFile.read(file).orElseThrow();
        assertThat(head.seq()).isEqualTo(10);
        assertThat(head.hash()).isEqualTo(last.hash());
        assertThat(head.signatureValid()).isTrue();
        assertThat(AuditVerifier.verify(file, Optional.of(HOST.publicKey())))
                .isEqualTo(new AuditReport(true, 10, 3, HOST.keyId(), List.of(), List.of()));
    }

    @Test
    void checkpointIsANoOpOnAnEmptyLogAndAfterACheckpoint() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = open(file, FsyncPolicy.NONE, 64)) {
            log.checkpoint();
            assertThat(Files.size(file)).isZero();
            log.append("run.requested", null, data(1));
            log.checkpoint();
            log.checkpoint();
        }
        assertThat(AuditReader.read(file)).extracting(AuditEntry::type)
                .containsExactly("run.requested", AuditEntry.CHECKPOINT);

        Path untouched = dir.resolve("untouched.jsonl");
        open(untouched, FsyncPolicy.NONE, 64).close();
        assertThat(Files.size(untouched)).isZero();
        assertThat(HeadFile.pathFor(untouched)).doesNotExist();
    }

    @Test
    void reopeningContinuesTheChain() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = open(file, FsyncPolicy.NONE, 64)) {
            log.append("run.requested", "a", data(1));
        }
        AuditEntry checkpoint = AuditReader.read(file).getLast();
        try (AuditLog log = open(file, FsyncPolicy.NONE, 64)) {
            AuditEntry next = log.append("run.finished", "a", data(2));
            assertThat(next.seq()).isEqualTo(3);
            assertThat(next.prev()).isEqualTo(checkpoint.hash());
            assertThat(next.offset()).isEqualTo(checkpoint.offset() + AuditFixtures.lines(file).get(1).length + 1);
        }
        AuditReport report = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
        assertThat(report.intact()).isTrue();
        assertThat(report.checkpoints()).isEqualTo(2);
    }

    @Test
    void keepsACopyOfTheData() {
        Path file = dir.resolve("audit.jsonl");
        ObjectNode data = data(1);
        try (AuditLog log = open(file, FsyncPolicy.NONE, 64)) {
            AuditEntry entry = log.append("run.requested", null, data);
            data.put("changed", true);
            assertThat(entry.data().has("changed")).isFalse();
        }
        assertThat(AuditReader.read(file).getFirst().data().has("changed")).isFalse();
    }

    @Test
    void refusesReservedTypesAndOversizedEntriesWithoutHarm() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = open(file, FsyncPolicy.NONE, 64)) {
            log.append("run.requested", null, data(1));
            assertThatThrownBy(() -> log.append(AuditEntry.CHECKPOINT, null, data(2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("audit.");
            assertThatThrownBy(() -> log.append(" ", null, data(2))).isInstanceOf(IllegalArgumentException.class);
            ObjectNode huge = Json.json().createObjectNode().put("stderr", "x".repeat(AuditLine.MAX_BYTES));
            assertThatThrownBy(() -> log.append("run.finished", null, huge))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
            log.append("run.finished", null, data(3));
        }
        assertThat(AuditReader.read(file)).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(AuditVerifier.verify(file, Optional.empty()).intact()).isTrue();
    }

    @Test
    void aClosedLogRefusesAppends() {
        AuditLog log = open(dir.resolve("audit.jsonl"), FsyncPolicy.NONE, 64);
        log.close();
        log.close();
        assertThatThrownBy(() -> log.append("run.requested", null, data(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void everyFsyncPolicyWritesAnIntactLog(FsyncPolicy policy) {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = open(file, policy, 4)) {
            for (int i = 0; i < 10; i++) {
                log.append("run.requested", "r", data(i));
            }
        }
        AuditReport report = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.checkpoints()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {10, AuditLine.MAX_BYTES + 1})
    void refusesToAppendAfterAnUnreadableLastEntry(int length) throws IOException {
        Path file = AuditFixtures.writeLog(dir, 5, 64);
        long offset = Files.size(file);
        Files.writeString(file, "x".repeat(length) + "\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> open(file, FsyncPolicy.NONE, 64)).isInstanceOf(SkillboxException.class)
                .hasMessageContaining("last entry at byte " + offset).hasMessageContaining("skillbox audit verify");
    }

    @Test
    void anInterruptedCallerStillAppendsAndKeepsItsInterrupt() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = open(file, FsyncPolicy.ENTRY, 64)) {
            Thread.currentThread().interrupt();
            log.append("run.cancelled", "r", data(1));
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            log.append("run.finished", "r", data(2));
        }
        assertThat(AuditReader.read(file)).hasSize(3);
    }

    /** An interrupt while blocked on the file lock closes the channel; the next caller reopens it. */
    @Test
    void aCallerInterruptedWhileWaitingForTheLockFailsAloneAndTheLogStaysUsable() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = open(file, FsyncPolicy.ENTRY, 64)) {
            log.append("run.requested", "r", data(1));
            try (ChildJvm holder = ChildJvm.start(dir.resolve("lock.err"), "lock", file.toString())) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread waiter = new Thread(() -> {
                    try {
                        log.append("run.finished", "r", data(2));
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                });
                waiter.start();
                Thread.sleep(300);
                assertThat(waiter.isAlive()).as("blocked on the other process's lock").isTrue();
                waiter.interrupt();
                waiter.join(10_000);
                assertThat(failure.get()).isInstanceOf(UncheckedIOException.class);
                holder.endInput();
                holder.awaitSuccess();
            }
            log.append("run.finished", "r", data(3));
        }
        assertThat(AuditReader.read(file)).filteredOn(e -> !e.isCheckpoint())
                .extracting(e -> e.data().get("i").intValue()).containsExactly(1, 3);
        assertThat(AuditVerifier.verify(file, Optional.of(HOST.publicKey())).intact()).isTrue();
    }

    private static AuditLog open(Path file, FsyncPolicy policy, int every) {
        return AuditLog.open(file, HOST, new AuditOptions(policy, every));
    }

    private static ObjectNode data(int i) {
        return Json.json().createObjectNode().put("i", i);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
