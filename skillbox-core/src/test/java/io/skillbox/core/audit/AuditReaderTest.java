package io.skillbox.core.audit;

import static io.skillbox.core.audit.AuditFixtures.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryEntryOrOneRunsAndSkipsATornTail() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, HOST, new AuditOptions(FsyncPolicy.NONE, 64))) {
            log.append("run.requested", "a", Json.json().createObjectNode());
            log.append("run.requested", "b", Json.json().createObjectNode());
            log.append("run.finished", "a", Json.json().createObjectNode().put("exit", 0));
        }
        Files.writeString(file, "{\"seq\":5,\"ti", StandardOpenOption.APPEND);

        List<AuditEntry> all = AuditReader.read(file);
        assertThat(all).extracting(AuditEntry::type)
                .containsExactly("run.requested", "run.requested", "run.finished", AuditEntry.CHECKPOINT);
        assertThat(AuditReader.forRun(file, "a")).extracting(AuditEntry::seq).containsExactly(1L, 3L);
        assertThat(AuditReader.forRun(file, "none")).isEmpty();
    }

    @Test
    void failsOnAMalformedLineSayingWhere() throws IOException {
        Path file = AuditFixtures.writeLog(dir, 4, 64);
        List<byte[]> lines = AuditFixtures.lines(file);
        long offset = lines.get(0).length + 1L + lines.get(1).length + 1L;
        lines.set(2, "not json".getBytes());
        AuditFixtures.writeLines(file, lines);
        assertThatThrownBy(() -> AuditReader.read(file)).isInstanceOf(SkillboxException.class)
                .hasMessageContaining("line 3 (byte " + offset + ")");
    }
}
