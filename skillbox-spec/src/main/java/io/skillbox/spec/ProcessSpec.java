package io.skillbox.spec;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The process started inside the sandbox.
 *
 * @param argv    argv[0] is looked up on the sandbox's PATH unless absolute; paths are sandbox paths
 * @param env     the complete environment; no host variable passes through unless listed here
 * @param workdir the working directory inside the sandbox
 * @param uid     the uid inside the sandbox; never 0, and mapped to an unprivileged host uid
 * @param gid     the gid inside the sandbox; never 0
 */
public record ProcessSpec(List<String> argv, Map<String, String> env, String workdir, int uid, int gid) {
    public ProcessSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must not be empty");
        }
        env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
        Objects.requireNonNull(workdir, "workdir");
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("the skill never runs as uid or gid 0 inside the sandbox");
        }
    }
}
