package io.skillbox.core.backend;

import java.util.List;

/**
 * A backend's pure lowering of a spec, printable for {@code skillbox check} and compared against golden
 * files in tests. It holds no open resources.
 *
 * @param backend the backend's name
 * @param command the command line the backend will run, one element per argument
 * @param notes   anything else the backend will set up (cgroup values, mounts made on the host)
 */
public record Lowering(String backend, List<String> command, List<String> notes) {
    public Lowering {
        command = List.copyOf(command);
        notes = List.copyOf(notes);
    }
}
