package io.skillbox.core.backend;

import java.util.List;

/**
 * Whether a backend can run on this host, and if not, why and how to fix it.
 *
 * @param available true when every check passed
 * @param detail    what was found (versions, cgroup mode), for {@code skillbox doctor}
 * @param problems  what is missing or broken
 * @param fixes     how to install or repair each missing piece, as commands where possible
 */
public record Availability(boolean available, String detail, List<String> problems, List<String> fixes) {
    public Availability {
        problems = List.copyOf(problems);
        fixes = List.copyOf(fixes);
    }

    public static Availability ok(String detail) {
        return new Availability(true, detail, List.of(), List.of());
    }

    public static Availability missing(List<String> problems, List<String> fixes) {
        return new Availability(false, "", problems, fixes);
    }
}
