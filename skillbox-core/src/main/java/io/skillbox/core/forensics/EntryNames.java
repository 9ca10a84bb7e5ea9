package io.skillbox.core.forensics;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Zip entry names that every unzip tool extracts inside its target directory and that print as what
 * they are. Paths from a skill's {@code /work} may hold line breaks, terminal escapes, bidi overrides or
 * backslashes (a separator to Windows tools: a file named {@code ..\x} is harmless on Linux); the writer
 * percent-escapes those, and {@code %} itself so the escape is reversible, and the verifier refuses any
 * name that would have needed it.
 */
final class EntryNames {
    static final String WORK_PREFIX = "work/";

    private EntryNames() {}

    /** Throws unless {@code path} is relative, non-empty and has no empty, {@code .} or {@code ..} component. */
    static void checkRelative(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a work path must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a work path must not hold NUL");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("work path '" + printable(path)
                        + "' is not relative or has an empty, '.' or '..' component");
            }
        }
    }

    /** The entry name for a checked work path: {@code work/} and the path with unsafe characters escaped. */
    static String workEntry(String path) {
        checkRelative(path);
        StringBuilder out = new StringBuilder(WORK_PREFIX.length() + path.length()).append(WORK_PREFIX);
        path.codePoints().forEach(cp -> {
            if (cp == '%' || needsEscape(cp)) {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** Why {@code name} is not a safe entry name, or empty if it is. */
    static Optional<String> unsafe(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (name.startsWith("/") || name.matches("(?s)^[A-Za-z]:.*")) {
            return Optional.of("is absolute");
        }
        if (name.codePoints().anyMatch(EntryNames::needsEscape)) {
            return Optional.of("holds a backslash, control or formatting character");
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return Optional.of("climbs out with '..'");
            }
            if (part.isEmpty() || part.equals(".")) {
                return Optional.of("has an empty or '.' component");
            }
        }
        return Optional.empty();
    }

    /** A name as it may be quoted in a problem: every character that needs escaping is escaped. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(200).forEach(cp -> {
            if (needsEscape(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return name.codePointCount(0, name.length()) > 200 ? out + "…" : out.toString();
    }

    private static boolean needsEscape(int cp) {
        if (cp == '\\') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }
}
