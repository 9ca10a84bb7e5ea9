package io.skillbox.core.forensics;

import io.skillbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code MANIFEST.json}: what the bundle is about and the name, size and SHA-256 of every other entry
 * except the signature. The signature covers {@link #SIGNING_PREFIX} and the manifest's exact bytes, so
 * a signature over anything else skillbox signs can never pass for one over a forensics manifest.
 *
 * @param publicKey the signer's key as {@code ed25519:<base64>}
 * @param keyId     its id, {@code sha256:} and 16 hex digits
 */
record ForensicsManifest(String runId, Instant createdAt, String reason, String publicKey, String keyId,
        List<Entry> entries) {
    static final String FORMAT = "skillbox-forensics/v1";
    static final String NAME = "MANIFEST.json";
    static final String SIGNATURE_NAME = "MANIFEST.sig";
    static final byte[] SIGNING_PREFIX = (FORMAT + "\n").getBytes(StandardCharsets.UTF_8);

    private static final Set<String> FIELDS =
            Set.of("format", "runId", "createdAt", "reason", "publicKey", "keyId", "entries");
    private static final Set<String> ENTRY_FIELDS = Set.of("name", "size", "sha256");

    /** One listed entry; {@code sha256} is lowercase hex. */
    record Entry(String name, long size, String sha256) {}

    ForensicsManifest {
        entries = List.copyOf(entries);
    }

    /** The message the signature is over: the domain prefix, then the manifest's bytes. */
    static byte[] signedMessage(byte[] manifestJson) {
        byte[] message = new byte[SIGNING_PREFIX.length + manifestJson.length];
        System.arraycopy(SIGNING_PREFIX, 0, message, 0, SIGNING_PREFIX.length);
        System.arraycopy(manifestJson, 0, message, SIGNING_PREFIX.length, manifestJson.length);
        return message;
    }

    byte[] toJson() {
        ObjectNode root = Json.json().createObjectNode();
        root.put("format", FORMAT);
        root.put("runId", runId);
        root.put("createdAt", createdAt.toString());
        root.put("reason", reason);
        root.put("publicKey", publicKey);
        root.put("keyId", keyId);
        ArrayNode list = root.putArray("entries");
        for (Entry e : entries) {
            list.addObject().put("name", e.name()).put("size", e.size()).put("sha256", e.sha256());
        }
        return ForensicsWriter.prettyJson(root);
    }

    /** Parses a manifest strictly: unknown, missing or mistyped fields are refused with the reason. */
    static ForensicsManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = Json.json().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("MANIFEST.json is not JSON: " + e.getOriginalMessage());
        }
        checkFields(root, FIELDS, "MANIFEST.json");
        if (!FORMAT.equals(text(root, "format"))) {
            throw new IllegalArgumentException("MANIFEST.json has format '" + EntryNames.printable(text(root, "format"))
                    + "', not " + FORMAT);
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(root, "createdAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("MANIFEST.json: createdAt is not an ISO-8601 instant");
        }
        JsonNode list = root.get("entries");
        if (!list.isArray()) {
            throw new IllegalArgumentException("MANIFEST.json: entries is not a list");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode e : list) {
            checkFields(e, ENTRY_FIELDS, "a MANIFEST.json entry");
            JsonNode size = e.get("size");
            if (!size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
                throw new IllegalArgumentException("MANIFEST.json: an entry's size is not a non-negative integer");
            }
            String sha = text(e, "sha256");
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("MANIFEST.json: an entry's sha256 is not 64 lowercase hex digits");
            }
            entries.add(new Entry(text(e, "name"), size.longValue(), sha));
        }
        return new ForensicsManifest(text(root, "runId"), createdAt, text(root, "reason"), text(root, "publicKey"),
                text(root, "keyId"), entries);
    }

    private static void checkFields(JsonNode node, Set<String> expected, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        Set<String> actual = new TreeSet<>(node.propertyNames());
        if (!actual.equals(new TreeSet<>(expected))) {
            throw new IllegalArgumentException(what + " has fields " + EntryNames.printable(actual.toString())
                    + ", expected " + new TreeSet<>(expected));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isString()) {
            throw new IllegalArgumentException("MANIFEST.json: " + field + " is not a string");
        }
        return value.stringValue();
    }
}
