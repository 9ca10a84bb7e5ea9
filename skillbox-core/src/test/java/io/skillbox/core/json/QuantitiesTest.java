package io.skillbox.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class QuantitiesTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "0, 0", "1, 1", "512k, 512000", "1K, 1000", "1M, 1000000", "1G, 1000000000", "1T, 1000000000000",
        "1Ki, 1024", "256Mi, 268435456", "1Gi, 1073741824", "2Ti, 2199023255552", "' 64Mi ', 67108864",
    })
    void parsesBytes(String text, long bytes) {
        assertThat(Quantities.parseBytes(text)).contains(bytes);
    }

    @ParameterizedTest(name = "''{0}'' is not a size")
    @ValueSource(strings = {"", "Mi", "1.5Gi", "-1", "1mi", "1MB", "1 Mi", "0x10", "9999999Ti", "99999999999999999999"})
    void refusesBadBytes(String text) {
        assertThat(Quantities.parseBytes(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1} millicores")
    @CsvSource({"0.5, 500", "2, 2000", "500m, 500", "0.001, 1", "1.25, 1250", "1m, 1", "16, 16000"})
    void parsesCpus(String text, long millis) {
        assertThat(Quantities.parseCpuMillis(text)).contains(millis);
    }

    @ParameterizedTest(name = "''{0}'' is not a CPU count")
    @ValueSource(strings = {"", "0", "0m", "0.0001", "-1", "half", "1.5m", "1e3", "0.000"})
    void refusesBadCpus(String text) {
        assertThat(Quantities.parseCpuMillis(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"30s, 30000", "1500ms, 1500", "5m, 300000", "1h, 3600000", "30S, 30000", "0s, 0"})
    void parsesDurations(String text, long millis) {
        assertThat(Quantities.parseDuration(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}'' is not a duration")
    @ValueSource(strings = {"", "30", "1d", "1.5s", "s", "-1s", "30 s", "PT30S"})
    void refusesBadDurations(String text) {
        assertThat(Quantities.parseDuration(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bytes are written {1}")
    @CsvSource({"268435456, 256Mi", "1073741824, 1Gi", "1000, 1000", "1536, 1536", "3072, 3Ki", "0, 0", "1099511627776, 1Ti"})
    void formatsBytes(long bytes, String text) {
        assertThat(Quantities.formatBytes(bytes)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} ms are written {1}")
    @CsvSource({"30000, 30s", "1500, 1500ms", "300000, 5m", "7200000, 2h"})
    void formatsDurations(long millis, String text) {
        assertThat(Quantities.formatDuration(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} millicores are written {1}")
    @CsvSource({"500, 0.5", "2000, 2", "1, 0.001", "1250, 1.25"})
    void formatsCpus(long millis, String text) {
        assertThat(Quantities.formatCpuMillis(millis)).isEqualTo(text);
    }

    /** Seeded random values: what is formatted parses back to the same value. */
    static Stream<Long> randomValues() {
        Random random = new Random(20250101L);
        return LongStream.range(0, 200).mapToObj(i -> (random.nextLong() >>> (1 + random.nextInt(62))) << random.nextInt(12));
    }

    @ParameterizedTest
    @MethodSource("randomValues")
    void formattedValuesParseBack(long value) {
        long positive = Math.max(1, Math.min(value, Long.MAX_VALUE >> 12));
        assertThat(Quantities.parseBytes(Quantities.formatBytes(positive))).contains(positive);
        assertThat(Quantities.parseCpuMillis(Quantities.formatCpuMillis(positive))).contains(positive);
        long millis = positive % (1L << 40);
        assertThat(Quantities.parseDuration(Quantities.formatDuration(Duration.ofMillis(millis)))).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0} as a YAML value")
    @CsvSource(delimiter = '|', value = {
        "memory: 268435456 | 268435456", "memory: 256Mi | 268435456", "memory: -1 | ", "memory: 1.5 | ", "memory: true | ",
    })
    void readsSizesFromNodes(String yaml, Long bytes) {
        JsonNode node = Json.yaml().readTree(yaml).path("memory");
        assertThat(QuantityNodes.bytes(node).orElse(null)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0} as a YAML value")
    @CsvSource(delimiter = '|', value = {
        "cpus: 0.5 | 500", "cpus: 2 | 2000", "cpus: '500m' | 500", "cpus: 1e-3 | 1", "cpus: 0.0001 | ", "cpus: 0 | ", "cpus: [1] | ",
    })
    void readsCpusFromNodes(String yaml, Long millis) {
        JsonNode node = Json.yaml().readTree(yaml).path("cpus");
        assertThat(QuantityNodes.cpuMillis(node).orElse(null)).isEqualTo(millis);
    }
}
