package io.skillbox.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AuditLineTest {
    private static final Instant TIME = Instant.parse("2026-11-23T10:00:00.123456Z");
    private static final String CANONICAL = "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\","
            + "\"runId\":\"r-1\",\"data\":{\"skill\":\"é\",\"n\":1},\"prev\":\"" + AuditLine.ZERO_HASH + "\"}";

    @Test
    void encodesTheFieldsInTheirFixedOrder() throws Exception {
        ObjectNode data = Json.json().createObjectNode().put("skill", "é").put("n", 1);
        byte[] line = AuditLine.encode(1, TIME, "run.requested", "r-1", data, AuditLine.ZERO_HASH);
        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo(CANONICAL);

        AuditEntry entry = AuditLine.decode(line, AuditLine.hash(line), 7, 1);
        assertThat(entry).isEqualTo(new AuditEntry(1, TIME, "run.requested", "r-1", data, AuditLine.ZERO_HASH,
                AuditLine.hash(line), 7, 1));
        assertThat(AuditLine.encode(2, Instant.parse("2026-01-01T00:00:00Z"), "x", null, data, entry.hash()))
                .asString(StandardCharsets.UTF_8).contains("\"time\":\"2026-01-01T00:00:00.000000Z\"", "\"runId\":null");
    }

    /** Whatever a caller passes, what the writer encodes decodes to the same bytes. */
    @Test
    void canonicalDataRoundTripsToTheSameBytes() throws Exception {
        ObjectNode data = Json.json().createObjectNode();
        data.put("decimal", new BigDecimal("1.10"));
        data.put("double", 0.1);
        data.put("huge", 1e300);
        data.put("float", 1.1f);
        data.put("long", Long.MIN_VALUE);
        data.put("bigint", new BigInteger("123456789012345678901234567890"));
        data.put("text", "tab\t nl\n quote\" slash\\ </script> \u0001 ✓ 𝄞");
        data.putArray("nested").add(Json.json().createObjectNode().putNull("x")).add(true);
        JsonNode canonical = AuditLine.canonical(data);
        assertThat(AuditLine.canonical(canonical)).isEqualTo(canonical);

        byte[] line = AuditLine.encode(3, TIME, "t", null, canonical, AuditLine.ZERO_HASH);
        assertThat(line).doesNotContain((byte) '\n');
        AuditEntry back = AuditLine.decode(line, AuditLine.hash(line), 0, 1);
        assertThat(AuditLine.encode(back.seq(), back.time(), back.type(), back.runId(), back.data(), back.prev()))
                .isEqualTo(line);
    }

    @Test
    void refusesDataItCouldNotReadBack() {
        ObjectNode deep = Json.json().createObjectNode();
        ObjectNode at = deep;
        for (int i = 0; i < Json.MAX_DEPTH + 2; i++) {
            at = at.putObject("d");
        }
        assertThatThrownBy(() -> AuditLine.canonical(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("could not read back");
    }

    /** Hand-made variants of the canonical line that a lenient reader would accept. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"seq\":1, \"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{\"skill\":\"é\",\"n\":1},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{\"skill\":\"\\u00e9\",\"n\":1},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{\"skill\":\"é\",\"n\":1E0},\"prev\":\"Z\"}",
        "{\"time\":\"2026-11-23T10:00:00.123456Z\",\"seq\":1,\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{\"skill\":\"é\",\"n\":1},\"prev\":\"Z\"}",
        "{\"seq\":1,\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\",\"x\":1}",
        "{\"seq\":0,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":\"1\",\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T11:00:00.123456+01:00\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":7,\"data\":{},\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":[],\"prev\":\"Z\"}",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"} ",
        "{\"seq\":1,\"time\":\"2026-11-23T10:00:00.123456Z\",\"type\":\"run.requested\",\"runId\":\"r-1\",\"data\":{},\"prev\":\"Z\"}{}",
        "[1]",
        "",
    })
    void refusesAnyOtherEncoding(String variant) {
        byte[] line = variant.replace("\"Z\"", "\"" + AuditLine.ZERO_HASH + "\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AuditLine.decode(line, AuditLine.hash(line), 0, 1))
                .isInstanceOf(MalformedEntryException.class);
    }

    @Test
    void refusesAnUppercaseOrShortPrev() {
        for (String prev : new String[] {AuditLine.ZERO_HASH.replace('0', 'A'), "00"}) {
            byte[] line = CANONICAL.replace(AuditLine.ZERO_HASH, prev).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> AuditLine.decode(line, AuditLine.hash(line), 0, 1))
                    .hasMessageContaining("64 lowercase hex");
        }
    }
}
