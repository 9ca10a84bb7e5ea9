package io.skillbox.core.seccomp;

import io.skillbox.core.error.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The violations found in one profile so far, and the checks every part of the reader shares. */
final class Findings {
    static final String FIELD = "seccomp.profile";

    private final List<Violation> violations = new ArrayList<>();

    void add(String path, String problem, String fix) {
        violations.add(new Violation(path.isEmpty() ? FIELD : FIELD + ": " + path, problem, fix));
    }

    boolean isEmpty() {
        return violations.isEmpty();
    }

    List<Violation> list() {
        return List.copyOf(violations);
    }

    /** Nothing unknown is ignored: a misspelt key would otherwise silently weaken the filter. */
    void unknownKeys(JsonNode object, String path, Set<String> allowed) {
        for (String key : object.propertyNames()) {
            if (!allowed.contains(key)) {
                add(path.isEmpty() ? key : path + "." + key, "is not a known key",
                        "remove it; known keys here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** An array of strings; anything else is reported and yields what could be read. */
    List<String> strings(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            add(path, node == null ? "is missing" : "must be an array of strings", "write [\"...\"]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isString()) {
                out.add(node.get(i).stringValue());
            } else {
                add(path + "[" + i + "]", "must be a string", "quote it");
            }
        }
        return out;
    }
}
