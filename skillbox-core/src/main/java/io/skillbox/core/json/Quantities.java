package io.skillbox.core.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size, CPU and duration syntax of manifests and policies: Kubernetes-style byte quantities
 * ({@code 256Mi}, {@code 1G}, {@code 512k}, plain bytes), decimal core counts ({@code 0.5}, {@code 2},
 * {@code 500m}) and durations ({@code 30s}, {@code 1500ms}, {@code 5m}, {@code 1h}).
 * Parsers return empty instead of throwing so that callers can name the field in their error.
 */
public final class Quantities {
    private static final Pattern BYTES = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|K|M|G|T)?");
    private static final Pattern CPUS = Pattern.compile("(\\d+(?:\\.\\d{1,3})?)|(\\d+)m");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** What {@link #parseBytes} accepts, for error messages. */
    public static final String BYTES_SYNTAX = "a whole number of bytes with an optional unit Ki, Mi, Gi, Ti (or k, M, G, T), e.g. 256Mi";
    /** What {@link #parseCpuMillis} accepts, for error messages. */
    public static final String CPUS_SYNTAX = "a number of cores such as 0.5 or 2, or millicores such as 500m";
    /** What {@link #parseDuration} accepts, for error messages. */
    public static final String DURATION_SYNTAX = "a whole number with a unit ms, s, m or h, e.g. 30s";

    private Quantities() {}

    public static Optional<Long> parseBytes(String text) {
        Matcher m = BYTES.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long multiplier = switch (m.group(2) == null ? "" : m.group(2)) {
            case "" -> 1L;
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k", "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> throw new IllegalStateException(m.group(2));
        };
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(m.group(1)), multiplier));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Long> parseCpuMillis(String text) {
        Matcher m = CPUS.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long millis = m.group(1) != null
                    ? new BigDecimal(m.group(1)).movePointRight(3).longValueExact()
                    : Long.parseLong(m.group(2));
            return millis > 0 ? Optional.of(millis) : Optional.empty();
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Duration> parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> throw new IllegalStateException(m.group(2));
            });
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Formats bytes the way users write them: {@code 256Mi}, {@code 1Gi}, or plain bytes. */
    public static String formatBytes(long bytes) {
        String[] units = {"Ti", "Gi", "Mi", "Ki"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** Formats a duration the way users write them: {@code 30s}, {@code 5m}, {@code 1500ms}. */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Formats millicores as cores: {@code 0.5}, {@code 2}. */
    public static String formatCpuMillis(long millis) {
        return new BigDecimal(millis).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
