package io.skillbox.core.json;

import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@link Quantities} for values as they arrive in a parsed document: a size may be written as a
 * number of bytes or as a string with a unit, a CPU count as a number or as millicores. Empty means
 * "not in the syntax"; callers name the field and quote the syntax constant.
 */
public final class QuantityNodes {
    private QuantityNodes() {}

    /** Bytes from {@code 268435456} or {@code "256Mi"}; empty for negative or non-integral numbers. */
    public static Optional<Long> bytes(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.longValue() >= 0 ? Optional.of(node.longValue()) : Optional.empty();
        }
        return node.isString() ? Quantities.parseBytes(node.stringValue()) : Optional.empty();
    }

    /** Millicores from {@code 0.5}, {@code 2} or {@code "500m"}; at most three decimals, more than zero. */
    public static Optional<Long> cpuMillis(JsonNode node) {
        if (node.isNumber()) {
            return Quantities.parseCpuMillis(node.decimalValue().stripTrailingZeros().toPlainString());
        }
        return node.isString() ? Quantities.parseCpuMillis(node.stringValue()) : Optional.empty();
    }

    /** A duration from {@code "30s"}; numbers have no unit and are refused. */
    public static Optional<Duration> duration(JsonNode node) {
        return node.isString() ? Quantities.parseDuration(node.stringValue()) : Optional.empty();
    }
}
