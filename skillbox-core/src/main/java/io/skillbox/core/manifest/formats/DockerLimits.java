package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.manifest.Manifest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code docker.memory} and {@code docker.cpus} in docker's syntax, as skillbox's {@code resources.memory} and
 * {@code resources.cpus}: requests, held to the policy's ceilings (and to {@code ceilings.requireLimits}) when the
 * run is compiled. What the table leaves out comes from the policy's defaults, as for any skill.
 */
final class DockerLimits {
    /** docker run --memory: a whole number with an optional unit b, k, m, g (powers of 1024). */
    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,15})([bkmg]?)");
    private static final String MEMORY_SYNTAX = "a whole number with an optional unit b, k, m or g, e.g. 512m";

    private DockerLimits() {}

    static Manifest.Resources resources(String prefix, JsonNode d, List<Violation> invalid, List<String> notes) {
        Optional<Long> memory = d.has("memory") ? memory(prefix + ".memory", d.path("memory").stringValue(), invalid)
                : Optional.empty();
        Optional<Long> cpus = d.has("cpus") ? cpus(prefix + ".cpus", d.path("cpus"), invalid) : Optional.empty();
        memory.ifPresent(m -> notes.add(prefix + ".memory: resources.memory " + Quantities.formatBytes(m)));
        cpus.ifPresent(c -> notes.add(prefix + ".cpus: resources.cpus " + Quantities.formatCpuMillis(c)));
        if (memory.isEmpty() || cpus.isEmpty()) {
            notes.add("limits not set in the table (memory, cpus) come from the policy's defaults.resources");
        }
        return new Manifest.Resources(memory, cpus, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Optional<Long> memory(String field, String text, List<Violation> invalid) {
        Matcher m = MEMORY.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            int shift = switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            long value = Long.parseLong(m.group(1));
            if (value > 0 && value <= Long.MAX_VALUE >> shift) {
                return Optional.of(value << shift);
            }
        }
        invalid.add(new Violation(field, "'" + text + "' is not a memory limit", "write " + MEMORY_SYNTAX));
        return Optional.empty();
    }

    private static Optional<Long> cpus(String field, JsonNode n, List<Violation> invalid) {
        Optional<Long> millis;
        try {
            BigDecimal cores = n.isNumber() ? n.decimalValue() : new BigDecimal(n.stringValue().strip());
            BigDecimal m = cores.movePointRight(3);
            millis = cores.signum() > 0 && m.stripTrailingZeros().scale() <= 0 && m.compareTo(BigDecimal.valueOf(1_000_000)) <= 0
                    ? Optional.of(m.longValueExact()) : Optional.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            millis = Optional.empty();
        }
        if (millis.isEmpty()) {
            invalid.add(new Violation(field, n + " is not a number of cores",
                    "write a positive number of cores with at most three decimals, e.g. \"0.5\" or \"2\""));
        }
        return millis;
    }
}
