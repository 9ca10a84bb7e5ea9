package io.skillbox.core.forensics;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.NullNode;

/**
 * Lays out a {@link ForensicsContents} as a signed zip. The same contents and key give the same bytes:
 * entries come in a fixed order with a fixed timestamp, so two bundles of one run can be compared
 * byte for byte. The file appears complete or not at all (written aside, then renamed), mode 0600.
 *
 * <p>Layout: {@code MANIFEST.json}, {@code MANIFEST.sig}, {@code run.json}, {@code spec.json},
 * {@code stdout.txt}, {@code stderr.txt}, {@code audit.jsonl}, {@code snapshot.json}, then
 * {@code work/...} sorted by name.
 */
public final class ForensicsWriter {
    /** 1980-01-01 00:00, the earliest time a zip entry can carry; read as local time by every tool alike. */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private ForensicsWriter() {}

    /**
     * Writes the bundle to {@code zip}, replacing any file there, and returns {@code zip}.
     *
     * @throws IllegalArgumentException if the bundle would exceed what {@link ForensicsVerifier} reads
     * @throws UncheckedIOException     if it cannot be written
     */
    public static Path write(Path zip, ForensicsContents contents, HostKey key) {
        Map<String, byte[]> entries = entries(contents);
        checkLimits(entries);
        List<ForensicsManifest.Entry> listed = new ArrayList<>();
        entries.forEach((name, bytes) ->
                listed.add(new ForensicsManifest.Entry(name, bytes.length, Digests.sha256Hex(bytes))));
        byte[] manifest = new ForensicsManifest(contents.runId(), contents.createdAt(), contents.reason(),
                key.publicText(), key.keyId(), listed).toJson();
        byte[] signature = (Base64.getEncoder().encodeToString(key.sign(ForensicsManifest.signedMessage(manifest)))
                + "\n").getBytes(StandardCharsets.US_ASCII);

        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put(ForensicsManifest.NAME, manifest);
        all.put(ForensicsManifest.SIGNATURE_NAME, signature);
        all.putAll(entries);
        writeAtomically(zip, all);
        return zip;
    }

    /** Every entry but the manifest and its signature, in bundle order. */
    static Map<String, byte[]> entries(ForensicsContents c) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("run.json", prettyJson(c.runRecord()));
        out.put("spec.json", prettyJson(c.spec() == null ? NullNode.getInstance() : c.spec()));
        out.put("stdout.txt", c.stdout());
        out.put("stderr.txt", c.stderr());
        StringBuilder audit = new StringBuilder();
        c.auditExcerpt().forEach(line -> audit.append(line).append('\n'));
        out.put("audit.jsonl", audit.toString().getBytes(StandardCharsets.UTF_8));
        out.put("snapshot.json", prettyJson(SnapshotJson.of(c.work(), c.workInfo())));
        c.work().stream()
                .map(f -> Map.entry(EntryNames.workEntry(f.path()), f.content()))
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static byte[] prettyJson(JsonNode node) {
        byte[] json = Json.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(node);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }

    private static void checkLimits(Map<String, byte[]> entries) {
        long total = entries.values().stream().mapToLong(b -> b.length).sum();
        if (entries.size() + 2 > ForensicsVerifier.MAX_ENTRIES || total > ForensicsVerifier.MAX_CONTENT_BYTES) {
            throw new IllegalArgumentException("a forensics bundle of " + entries.size() + " entries and " + total
                    + " bytes is beyond what a verifier reads (" + ForensicsVerifier.MAX_ENTRIES + " entries, "
                    + ForensicsVerifier.MAX_CONTENT_BYTES + " bytes besides the manifest)");
        }
    }

    private static void writeAtomically(Path zip, Map<String, byte[]> entries) {
        Path dir = zip.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".forensics-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    ZipOutputStream z = new ZipOutputStream(Channels.newOutputStream(channel), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTimeLocal(ENTRY_TIME);
                    z.putNextEntry(entry);
                    z.write(e.getValue());
                    z.closeEntry();
                }
                z.finish();
                channel.force(true);
            }
            Files.move(tmp, zip, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces an old file
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write forensics bundle " + zip + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and says so; a stray hidden temp file is the lesser problem
                }
            }
        }
    }
}
