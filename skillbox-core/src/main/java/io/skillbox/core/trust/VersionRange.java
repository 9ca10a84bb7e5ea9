package io.skillbox.core.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which versions of a skill a revocation covers, in a small subset of npm's range syntax:
 * {@code *} (every version); {@code 1.2.3} or {@code =1.2.3}; comparisons {@code >=1.0.0 <1.2.0}
 * (space means "and"); x-ranges {@code 1.2.x}, {@code 1.x}, {@code 1.2.*} (every version with that
 * prefix, pre-releases included); and alternatives joined by {@code ||}. Comparisons use semver
 * precedence, so {@code <1.2.0} includes {@code 1.2.0-rc.1}. A version that is not semver matches only
 * {@code *} or exactly its own text; so does a range term that is not semver ({@code =2024-01}).
 *
 * Immutable; equal when written the same.
 */
public final class VersionRange {
    /** Every version. */
    public static final VersionRange ANY = parse("*");

    private final String text;
    /** Terms of each {@code ||} alternative; a version matches when every term of one alternative does. */
    private final List<List<Term>> alternatives;

    private VersionRange(String text, List<List<Term>> alternatives) {
        this.text = text;
        this.alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** One condition of a range. */
    private sealed interface Term {
        boolean matches(String version, Optional<SemVer> semver);
    }

    /** {@code *}. */
    record Any() implements Term {
        @Override
        public boolean matches(String version, Optional<SemVer> semver) {
            return true;
        }
    }

    /** {@code 1.2.3}, {@code =1.2.3}: equal by precedence when both are semver, else equal as text. */
    record Exact(String expected) implements Term {
        @Override
        public boolean matches(String version, Optional<SemVer> semver) {
            Optional<SemVer> want = SemVer.parse(expected);
            return want.isPresent() && semver.isPresent() ? want.get().compareTo(semver.get()) == 0 : version.equals(expected);
        }
    }

    /** {@code >=}, {@code >}, {@code <=}, {@code <} against a semver bound; non-semver versions never match. */
    record Compare(String op, SemVer bound) implements Term {
        @Override
        public boolean matches(String version, Optional<SemVer> semver) {
            if (semver.isEmpty()) {
                return false;
            }
            int c = semver.get().compareTo(bound);
            return switch (op) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                default -> throw new IllegalStateException("unknown operator " + op);
            };
        }
    }

    /** {@code 1.x}, {@code 1.2.x}: the leading numbers are equal. */
    record Prefix(List<Long> numbers) implements Term {
        @Override
        public boolean matches(String version, Optional<SemVer> semver) {
            if (semver.isEmpty()) {
                return false;
            }
            long[] actual = {semver.get().major(), semver.get().minor(), semver.get().patch()};
            for (int i = 0; i < numbers.size(); i++) {
                if (actual[i] != numbers.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    public boolean matches(String version) {
        Optional<SemVer> semver = SemVer.parse(version);
        return alternatives.stream().anyMatch(terms -> terms.stream().allMatch(t -> t.matches(version, semver)));
    }

    /** @throws IllegalArgumentException saying which term cannot be read and how to write it */
    public static VersionRange parse(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("the range is empty; write * for every version");
        }
        List<List<Term>> alternatives = new ArrayList<>();
        for (String alternative : text.split("\\|\\|", -1)) {
            if (alternative.isBlank()) {
                throw new IllegalArgumentException("'" + text + "' has an empty alternative around '||'");
            }
            List<Term> terms = new ArrayList<>();
            for (String term : alternative.strip().split("\\s+")) {
                terms.add(term(term));
            }
            alternatives.add(terms);
        }
        return new VersionRange(text, alternatives);
    }

    private static Term term(String t) {
        if (t.equals("*") || t.equalsIgnoreCase("x")) {
            return new Any();
        }
        for (String op : List.of(">=", "<=", ">", "<")) {
            if (t.startsWith(op)) {
                String bound = t.substring(op.length());
                return new Compare(op, SemVer.parse(bound).orElseThrow(() -> new IllegalArgumentException(
                        "'" + t + "': a comparison needs a full semantic version such as " + op + "1.2.0")));
            }
        }
        if (t.startsWith("^") || t.startsWith("~")) {
            throw new IllegalArgumentException("'" + t + "': ^ and ~ ranges are not supported; write the bounds, e.g. >=1.2.0 <2.0.0");
        }
        if (t.startsWith("=")) {
            return exact(t.substring(1), t);
        }
        return prefix(t).orElseGet(() -> exact(t, t));
    }

    private static Term exact(String version, String term) {
        if (version.isEmpty()) {
            throw new IllegalArgumentException("'" + term + "' names no version");
        }
        return new Exact(version);
    }

    /** {@code 1.x}, {@code 1.2.x}, {@code 1.2.*}; anything else is not a prefix. */
    private static Optional<Term> prefix(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3 || !isWildcard(parts[parts.length - 1])) {
            return Optional.empty();
        }
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            if (!parts[i].matches("0|[1-9]\\d{0,17}")) {
                throw new IllegalArgumentException("'" + t + "': an x-range is numbers then x, e.g. 1.2.x");
            }
            numbers.add(Long.parseLong(parts[i]));
        }
        return Optional.of(new Prefix(numbers));
    }

    private static boolean isWildcard(String part) {
        return part.equals("x") || part.equals("X") || part.equals("*");
    }

    /** The range as written. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
