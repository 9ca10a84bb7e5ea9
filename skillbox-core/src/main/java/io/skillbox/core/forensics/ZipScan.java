package io.skillbox.core.forensics;

import io.skillbox.core.crypto.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Bounded reading of a zip that may have been built to hurt: entries are hashed as they stream by,
 * never extracted, and each pass stops at {@link ForensicsVerifier#MAX_ENTRIES} entries or
 * {@link ForensicsVerifier#MAX_TOTAL_BYTES} inflated bytes.
 *
 * <p>A zip has two indexes: the local headers, read in order by streaming readers, and the central
 * directory, used by {@code unzip} and most tools. They can be made to disagree, for instance a
 * central directory entry pointing at a forged local header hidden inside another entry's data. So
 * the zip is read both ways and both must show the same names, sizes and hashes.
 */
final class ZipScan {
    private static final int MAX_KEPT_BYTES = ForensicsVerifier.MAX_MANIFEST_BYTES;
    private static final String TWO_FACED = " (the zip shows different tools different files)";

    /** An entry as read: its name, inflated size, SHA-256, and its bytes if it is one the verifier keeps. */
    record Seen(String name, long size, String sha256, byte[] kept) {
        String key() {
            return name + "\0" + size + "\0" + sha256;
        }
    }

    /** The entries in local-header order; {@code complete} is false if reading stopped early. */
    record Result(List<Seen> entries, boolean complete) {}

    /** Raised inside a pass to stop it; the message is the problem to report. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;

        Stop(String problem) {
            super(problem, null, false, false);
        }
    }

    private ZipScan() {}

    static Result read(Path zip, List<String> problems) {
        List<Seen> seen = new ArrayList<>();
        try {
            long fileSize = Files.size(zip);
            if (fileSize > ForensicsVerifier.MAX_TOTAL_BYTES) {
                throw new Stop("the file has " + fileSize + " bytes; a forensics bundle has at most "
                        + ForensicsVerifier.MAX_TOTAL_BYTES);
            }
            stream(zip, seen);
            centralDirectory(zip, seen);
            return new Result(seen, true);
        } catch (Stop e) {
            problems.add(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            // ZipException for broken structure; IllegalArgumentException for names that are not UTF-8.
            problems.add("not a readable zip: " + e.getMessage());
        }
        return new Result(seen, false);
    }

    private static void stream(Path zip, List<Seen> seen) throws IOException, Stop {
        long[] total = {0};
        try (InputStream file = Files.newInputStream(zip);
                ZipInputStream in = new ZipInputStream(file, StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                countEntry(seen.size());
                seen.add(hash(entry.getName(), in, total));
            }
        }
    }

    private static void centralDirectory(Path zip, List<Seen> seen) throws IOException, Stop {
        try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            if (file.size() != seen.size()) {
                throw new Stop("the central directory lists " + file.size() + " entries but " + seen.size()
                        + " can be read in order" + TWO_FACED);
            }
            long[] total = {0};
            List<String> central = new ArrayList<>();
            for (ZipEntry entry : Collections.list(file.entries())) {
                countEntry(central.size());
                try (InputStream in = file.getInputStream(entry)) {
                    central.add(hash(entry.getName(), in, total).key());
                }
            }
            List<String> local = new ArrayList<>(seen.stream().map(Seen::key).toList());
            Collections.sort(central);
            Collections.sort(local);
            if (!central.equals(local)) {
                throw new Stop("the central directory and the entries read in order differ in names or content"
                        + TWO_FACED);
            }
        }
    }

    private static void countEntry(int sofar) throws Stop {
        if (sofar >= ForensicsVerifier.MAX_ENTRIES) {
            throw new Stop("more than " + ForensicsVerifier.MAX_ENTRIES + " entries; stopped reading");
        }
    }

    /** Hashes one entry, keeping the bytes of the manifest and its signature; {@code total} spans the pass. */
    private static Seen hash(String name, InputStream in, long[] total) throws IOException, Stop {
        boolean keep = ForensicsManifest.NAME.equals(name) || ForensicsManifest.SIGNATURE_NAME.equals(name);
        MessageDigest sha = Digests.sha256();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            size += n;
            total[0] += n;
            if (total[0] > ForensicsVerifier.MAX_TOTAL_BYTES) {
                throw new Stop("more than " + ForensicsVerifier.MAX_TOTAL_BYTES
                        + " bytes once inflated; stopped reading at " + EntryNames.printable(name));
            }
            if (keep && size > MAX_KEPT_BYTES) {
                throw new Stop(name + " is larger than " + MAX_KEPT_BYTES + " bytes");
            }
            sha.update(buffer, 0, n);
            if (keep) {
                kept.write(buffer, 0, n);
            }
        }
        return new Seen(name, size, Digests.hex(sha.digest()), keep ? kept.toByteArray() : null);
    }
}
