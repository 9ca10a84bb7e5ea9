package io.skillbox.core.forensics;

import static io.skillbox.core.forensics.ForensicsFixtures.KEY;
import static io.skillbox.core.forensics.ForensicsFixtures.bytes;
import static io.skillbox.core.forensics.ForensicsFixtures.contents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ForensicsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTrips() throws Exception {
        Path zip = ForensicsWriter.write(dir.resolve("run-0001.zip"), contents(), KEY);

        ForensicsReport report = ForensicsVerifier.verify(zip, Optional.of(KEY.publicKey()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.runId()).isEqualTo("run-0001");
        assertThat(report.keyId()).isEqualTo(KEY.keyId());
        assertThat(ForensicsVerifier.verify(zip, Optional.empty()).valid()).as("without an expected key").isTrue();
    }

    @Test
    void laysOutEveryPartInAFixedOrder() throws Exception {
        Path zip = ForensicsWriter.write(dir.resolve("b.zip"), contents(), KEY);
        List<Map.Entry<String, byte[]>> entries = ZipFixtures.read(zip);

        assertThat(entries).extracting(Map.Entry::getKey).containsExactly(
                "MANIFEST.json", "MANIFEST.sig", "run.json", "spec.json", "stdout.txt", "stderr.txt", "audit.jsonl",
                "snapshot.json", "work/evil%0Aname%5C..%5Cx%2541", "work/notes with spaces/naïve ☃.md",
                "work/out/report.txt");
        assertThat(ZipFixtures.get(entries, "stderr.txt")).isEqualTo(bytes("Killed\n"));
        assertThat(new String(ZipFixtures.get(entries, "audit.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo("{\"event\":\"run.start\",\"runId\":\"run-0001\"}\n{\"event\":\"run.end\",\"exitCode\":137}\n");
        assertThat(json(entries, "run.json").get("exitCode").intValue()).isEqualTo(137);

        JsonNode manifest = json(entries, "MANIFEST.json");
        assertThat(manifest.get("format").stringValue()).isEqualTo("skillbox-forensics/v1");
        assertThat(manifest.get("createdAt").stringValue()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(manifest.get("reason").stringValue()).isEqualTo("violation");
        assertThat(manifest.get("publicKey").stringValue()).isEqualTo(KEY.publicText());
        assertThat(manifest.get("keyId").stringValue()).isEqualTo(KEY.keyId());
        assertThat(manifest.get("entries")).hasSize(entries.size() - 2);
        assertThat(manifest.get("entries").get(3).get("name").stringValue()).isEqualTo("stderr.txt");
        assertThat(manifest.get("entries").get(3).get("size").longValue()).isEqualTo(7);
        assertThat(manifest.get("entries").get(3).get("sha256").stringValue())
                .isEqualTo(Digests.sha256Hex(bytes("Killed\n")));

        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.stream().map(e -> e.getTimeLocal().toString()).distinct()).containsExactly("1980-01-01T00:00");
        }
    }

    @Test
    void snapshotJsonMapsEntriesBackToPathsAndSaysWhatWasDropped() throws Exception {
        JsonNode snapshot = json(ZipFixtures.read(ForensicsWriter.write(dir.resolve("b.zip"), contents(), KEY)),
                "snapshot.json");
        assertThat(snapshot.get("captured").booleanValue()).isTrue();
        assertThat(snapshot.get("filesKept").intValue()).isEqualTo(3);
        assertThat(snapshot.get("bytesKept").longValue()).isEqualTo(5 + 8 + 10);
        assertThat(snapshot.get("filesDropped").intValue()).isEqualTo(2);
        assertThat(snapshot.get("bytesDropped").longValue()).isEqualTo(9_000_000);
        JsonNode evil = snapshot.get("files").get(0);
        assertThat(evil.get("path").stringValue()).isEqualTo("evil\nname\\..\\x%41");
        assertThat(evil.get("entry").stringValue()).isEqualTo("work/evil%0Aname%5C..%5Cx%2541");
        assertThat(evil.get("mode").stringValue()).isEqualTo("0755");
        assertThat(snapshot.get("dropped").get(0).get("why").stringValue()).contains("/etc/shadow");
    }

    @Test
    void aRunWithoutSpecOrSnapshotStillMakesAValidBundle() throws Exception {
        ForensicsContents c = contents();
        ForensicsContents refused = new ForensicsContents(c.runId(), c.runRecord(), new byte[0], new byte[0], null,
                List.of(), List.of(), new WorkSnapshotInfo.NotCaptured("the run was refused before it started"),
                c.createdAt(), "failure");
        Path zip = ForensicsWriter.write(dir.resolve("b.zip"), refused, KEY);

        assertThat(ForensicsVerifier.verify(zip, Optional.of(KEY.publicKey())).problems()).isEmpty();
        List<Map.Entry<String, byte[]>> entries = ZipFixtures.read(zip);
        assertThat(new String(ZipFixtures.get(entries, "spec.json"), StandardCharsets.UTF_8)).isEqualTo("null\n");
        assertThat(json(entries, "snapshot.json").get("reason").stringValue()).contains("refused");
        assertThat(entries).extracting(Map.Entry::getKey).noneMatch(n -> n.startsWith("work/"));
    }

    @Test
    void isDeterministicPrivateAndReplacesAtomically() throws Exception {
        Path a = ForensicsWriter.write(dir.resolve("a.zip"), contents(), KEY);
        Path b = ForensicsWriter.write(dir.resolve("b.zip"), contents(), KEY);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a))).isEqualTo("rw-------");

        ForensicsContents c = contents();
        ForensicsWriter.write(a, new ForensicsContents(c.runId(), c.runRecord(), c.stdout(), c.stderr(), c.spec(),
                c.auditExcerpt(), c.work(), c.workInfo(), Instant.parse("2025-06-02T00:00:00Z"), "requested"), KEY);
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(b));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.zip", "b.zip");
        }
    }

    @Test
    void refusesPathsThatAreNotPlainRelativePaths() {
        for (String bad : List.of("", "/etc/passwd", "../evil", "a/../../b", "a//b", "./a", "a/", "a\0b")) {
            assertThatThrownBy(() -> new SnapshotFile(bad, 0644, new byte[0])).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new SnapshotFile("a", 010644, new byte[0])).hasMessageContaining("07777");
        assertThatThrownBy(() -> contents(List.of(new SnapshotFile("a", 0644, new byte[0]),
                new SnapshotFile("a", 0600, new byte[0])))).hasMessageContaining("twice");
    }

    @Test
    void escapedNamesAreDistinctAndSafe() {
        List<String> paths = List.of("a%0Ab", "a\nb", "a\\b", "a%5Cb", "\u202Egnp.exe", "C:x", "..a", "a..");
        List<String> names = paths.stream().map(EntryNames::workEntry).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names).allSatisfy(n -> assertThat(EntryNames.unsafe(n)).as(n).isEmpty());
        assertThat(EntryNames.workEntry("\u202Egnp.exe")).isEqualTo("work/%E2%80%AEgnp.exe");
    }

    private static JsonNode json(List<Map.Entry<String, byte[]>> entries, String name) {
        return Json.json().readTree(ZipFixtures.get(entries, name));
    }
}
