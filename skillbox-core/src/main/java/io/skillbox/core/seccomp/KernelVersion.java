package io.skillbox.core.seccomp;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel {@code major.minor} version, as Docker's {@code minKernel} writes it ({@code "4.8"}). */
record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
    private static final Pattern EXACT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");
    private static final Pattern RELEASE_PREFIX = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:[.\\-+~_].*)?");

    /** Parses exactly {@code "X.Y"}, the form a profile uses. */
    static Optional<KernelVersion> parse(String text) {
        return match(EXACT.matcher(text));
    }

    /** The running kernel, from {@code os.version} ({@code uname -r} on Linux, e.g. {@code 6.1.0-18-amd64}). */
    static Optional<KernelVersion> running() {
        String release = System.getProperty("os.version", "");
        return match(RELEASE_PREFIX.matcher(release));
    }

    private static Optional<KernelVersion> match(Matcher m) {
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
