package io.skillbox.core.error;

import java.util.Objects;

/**
 * One reason a run was refused, in the words a user can act on.
 *
 * @param field   where the problem is, as a path into the document ({@code resources.memory}, {@code params.city})
 * @param problem what is wrong
 * @param fix     what to change so that it is accepted
 */
public record Violation(String field, String problem, String fix) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }

    @Override
    public String toString() {
        return field + ": " + problem + " (fix: " + fix + ")";
    }
}
