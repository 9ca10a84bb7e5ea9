package io.skillbox.core.audit;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.json.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical encoding of an entry as one line. Decoding re-encodes and demands the same bytes, so a
 * line edited by hand is caught where it is, not only one line later by the hash chain.
 */
final class AuditLine {
    /** The {@code prev} of the first entry. */
    static final String ZERO_HASH = "0".repeat(64);
    /** A longer line is refused by the writer and reported by the verifier without being parsed. */
    static final int MAX_BYTES = 1 << 20;

    private static final List<String> FIELDS = List.of("seq", "time", "type", "runId", "data", "prev");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditLine() {}

    /** The time as entries carry it: microseconds, so that the text form round-trips. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static String hash(byte[] line) {
        return Digests.sha256Hex(line);
    }

    /**
     * {@code data} as it will read back: parsed by the same strict mapper the verifier uses, so every line
     * written can be decoded and re-encoded to the same bytes (e.g. a BigDecimal {@code 1.10} reads back
     * as {@code 1.1}), and a copy, so the caller may keep changing its node.
     *
     * @throws IllegalArgumentException if the reader would refuse it (too deep, too long a number)
     */
    static JsonNode canonical(JsonNode data) {
        try {
            return Json.json().readTree(Json.json().writeValueAsBytes(data));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("audit data the log could not read back: " + brief(e.getOriginalMessage()),
                    e);
        }
    }

    /** The line's bytes, without the newline. {@code data} must be {@link #canonical}. */
    static byte[] encode(long seq, Instant time, String type, String runId, JsonNode data, String prev) {
        ObjectNode line = Json.json().createObjectNode();
        line.put("seq", seq);
        line.put("time", TIME.format(time));
        line.put("type", type);
        if (runId == null) {
            line.putNull("runId");
        } else {
            line.put("runId", runId);
        }
        line.set("data", data);
        line.put("prev", prev);
        return Json.json().writeValueAsBytes(line);
    }

    /** Decodes a line (without its newline) whose SHA-256 is {@code hash}, demanding the canonical form. */
    static AuditEntry decode(byte[] bytes, String hash, long offset, int lineNumber) throws MalformedEntryException {
        JsonNode node;
        try {
            node = Json.json().readTree(bytes);
        } catch (JacksonException e) {
            throw new MalformedEntryException("not JSON: " + brief(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject() || !List.copyOf(node.propertyNames()).equals(FIELDS)) {
            throw new MalformedEntryException("an entry is an object with the fields " + String.join(", ", FIELDS)
                    + " in this order");
        }
        JsonNode seq = node.get("seq");
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 1) {
            throw new MalformedEntryException("seq must be a whole number from 1");
        }
        JsonNode type = node.get("type");
        JsonNode runId = node.get("runId");
        JsonNode prev = node.get("prev");
        if (!type.isString() || type.stringValue().isEmpty() || !(runId.isNull() || runId.isString())
                || !node.get("data").isObject() || !prev.isString() || !HASH.matcher(prev.stringValue()).matches()) {
            throw new MalformedEntryException("type must be a non-empty string, runId a string or null, data an "
                    + "object and prev 64 lowercase hex digits");
        }
        AuditEntry entry = new AuditEntry(seq.longValue(), time(node.get("time")), type.stringValue(),
                runId.isNull() ? null : runId.stringValue(), node.get("data"), prev.stringValue(), hash, offset,
                lineNumber);
        byte[] again = encode(entry.seq(), entry.time(), entry.type(), entry.runId(), entry.data(), entry.prev());
        if (!Arrays.equals(again, bytes)) {
            throw new MalformedEntryException("not in the canonical encoding the writer produces");
        }
        return entry;
    }

    private static Instant time(JsonNode time) throws MalformedEntryException {
        String expected = "time must be UTC with microseconds, e.g. 2026-11-23T10:00:00.123456Z";
        if (!time.isString()) {
            throw new MalformedEntryException(expected);
        }
        try {
            return Instant.parse(time.stringValue());
        } catch (DateTimeException e) {
            throw new MalformedEntryException(expected);
        }
    }

    /** Jackson's message without its source excerpt: the report quotes positions, not content. */
    private static String brief(String message) {
        String first = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        return first.length() <= 120 ? first : first.substring(0, 120) + "...";
    }
}
