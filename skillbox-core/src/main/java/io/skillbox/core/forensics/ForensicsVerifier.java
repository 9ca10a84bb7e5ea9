package io.skillbox.core.forensics;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.forensics.ZipScan.Seen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a forensics bundle without trusting it: the signature over {@code MANIFEST.json} (by the
 * expected key, if one is given), then that the zip holds exactly the listed entries with the listed
 * sizes and hashes, no name twice and no name an unzip tool could write outside its directory. Every
 * problem found is reported; nothing is extracted.
 */
public final class ForensicsVerifier {
    /** Reading stops after this many inflated bytes, so a zip bomb costs at most this much time. */
    public static final long MAX_TOTAL_BYTES = 256L * 1024 * 1024;
    /** Reading stops after this many entries. */
    public static final int MAX_ENTRIES = 10_000;
    static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
    static final int MAX_SIGNATURE_BYTES = 1024;
    /** What the entries besides the manifest and its signature may add up to. */
    static final long MAX_CONTENT_BYTES = MAX_TOTAL_BYTES - MAX_MANIFEST_BYTES - MAX_SIGNATURE_BYTES;

    private ForensicsVerifier() {}

    /**
     * @param key the key the bundle must be signed by; without it, any key the manifest names is
     *            accepted and the report's keyId says which one it was
     */
    public static ForensicsReport verify(Path zip, Optional<PublicKey> key) {
        List<String> problems = new ArrayList<>();
        ZipScan.Result scan = ZipScan.read(zip, problems);
        Map<String, Seen> byName = byName(scan.entries(), problems);
        Seen manifestEntry = byName.get(ForensicsManifest.NAME);
        Seen signatureEntry = byName.get(ForensicsManifest.SIGNATURE_NAME);
        if (manifestEntry == null || signatureEntry == null) {
            if (scan.complete()) {
                problems.add(manifestEntry == null ? "the zip has no MANIFEST.json" : "the zip has no MANIFEST.sig");
            }
            return ForensicsReport.of(null, null, problems);
        }
        ForensicsManifest manifest;
        try {
            manifest = ForensicsManifest.parse(manifestEntry.kept());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return ForensicsReport.of(null, null, problems);
        }
        String keyId = checkSignature(manifest, manifestEntry.kept(), signatureEntry.kept(), key, problems);
        if (scan.complete()) {
            checkEntries(manifest, byName, problems);
        }
        return ForensicsReport.of(manifest.runId(), keyId, problems);
    }

    /** The entries by name (the first of duplicates); reports duplicate and unsafe names. */
    private static Map<String, Seen> byName(List<Seen> entries, List<String> problems) {
        Map<String, Seen> byName = new LinkedHashMap<>();
        Set<String> reported = new HashSet<>();
        for (Seen e : entries) {
            if (byName.putIfAbsent(e.name(), e) != null && reported.add(e.name())) {
                problems.add("entry '" + EntryNames.printable(e.name()) + "' appears more than once");
            }
            EntryNames.unsafe(e.name()).ifPresent(why ->
                    problems.add("entry name '" + EntryNames.printable(e.name()) + "' is unsafe: it " + why));
        }
        return byName;
    }

    /** Checks the signature and returns the id of the key the manifest names, or null if it names none. */
    private static String checkSignature(ForensicsManifest manifest, byte[] manifestBytes, byte[] signatureBytes,
            Optional<PublicKey> expected, List<String> problems) {
        PublicKey named;
        try {
            named = Ed25519.fromText(manifest.publicKey());
        } catch (IllegalArgumentException e) {
            problems.add("MANIFEST.json: publicKey: " + e.getMessage());
            return null;
        }
        String keyId = Ed25519.keyId(named);
        if (!keyId.equals(manifest.keyId())) {
            problems.add("MANIFEST.json names keyId " + EntryNames.printable(manifest.keyId())
                    + " but its publicKey has id " + keyId);
        }
        if (expected.isPresent() && !sameKey(expected.get(), named)) {
            problems.add("signed by key " + keyId + ", not by the expected key " + idOf(expected.get()));
            return keyId;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(new String(signatureBytes, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            problems.add("MANIFEST.sig is not base64");
            return keyId;
        }
        if (signatureBytes.length > MAX_SIGNATURE_BYTES
                || !Ed25519.verify(named, ForensicsManifest.signedMessage(manifestBytes), signature)) {
            problems.add("MANIFEST.sig is not a signature of MANIFEST.json by key " + keyId
                    + " (the manifest or the signature was changed)");
        }
        return keyId;
    }

    private static void checkEntries(ForensicsManifest manifest, Map<String, Seen> zip, List<String> problems) {
        Set<String> listed = new HashSet<>();
        for (ForensicsManifest.Entry e : manifest.entries()) {
            String name = EntryNames.printable(e.name());
            if (!listed.add(e.name())) {
                problems.add("MANIFEST.json lists '" + name + "' more than once");
                continue;
            }
            if (e.name().equals(ForensicsManifest.NAME) || e.name().equals(ForensicsManifest.SIGNATURE_NAME)) {
                problems.add("MANIFEST.json lists itself or its signature");
                continue;
            }
            EntryNames.unsafe(e.name()).ifPresent(why ->
                    problems.add("MANIFEST.json lists an unsafe name '" + name + "': it " + why));
            Seen actual = zip.get(e.name());
            if (actual == null) {
                problems.add("'" + name + "' is listed in MANIFEST.json but missing from the zip");
            } else if (actual.size() != e.size()) {
                problems.add("'" + name + "' has " + actual.size() + " bytes; MANIFEST.json says " + e.size());
            } else if (!actual.sha256().equals(e.sha256())) {
                problems.add("'" + name + "' does not match its SHA-256 in MANIFEST.json (its content was changed)");
            }
        }
        for (String name : zip.keySet()) {
            if (!listed.contains(name) && !name.equals(ForensicsManifest.NAME)
                    && !name.equals(ForensicsManifest.SIGNATURE_NAME)) {
                problems.add("'" + EntryNames.printable(name) + "' is in the zip but not listed in MANIFEST.json");
            }
        }
    }

    private static boolean sameKey(PublicKey expected, PublicKey named) {
        try {
            return Arrays.equals(Ed25519.raw(expected), Ed25519.raw(named));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String idOf(PublicKey key) {
        try {
            return Ed25519.keyId(key);
        } catch (IllegalArgumentException e) {
            return "(not an Ed25519 key)";
        }
    }
}
