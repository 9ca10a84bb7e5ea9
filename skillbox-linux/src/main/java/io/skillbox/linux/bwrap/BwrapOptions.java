package io.skillbox.linux.bwrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How many operands each bwrap option takes, to print options grouped and to check lowering output. */
final class BwrapOptions {
    private static final Map<String, Integer> OPERANDS = Map.ofEntries(
            Map.entry("--uid", 1), Map.entry("--gid", 1), Map.entry("--hostname", 1), Map.entry("--chdir", 1),
            Map.entry("--setenv", 2), Map.entry("--unsetenv", 1), Map.entry("--cap-drop", 1),
            Map.entry("--cap-add", 1), Map.entry("--info-fd", 1), Map.entry("--block-fd", 1),
            Map.entry("--seccomp", 1), Map.entry("--ro-bind", 2), Map.entry("--bind", 2),
            Map.entry("--ro-bind-data", 2), Map.entry("--perms", 1), Map.entry("--size", 1),
            Map.entry("--tmpfs", 1), Map.entry("--proc", 1), Map.entry("--dev", 1), Map.entry("--symlink", 2),
            Map.entry("--remount-ro", 1), Map.entry("--dir", 1));

    private BwrapOptions() {}

    /** Splits options into groups of one option and its operands; {@code --perms}/{@code --size} join the next. */
    static List<List<String>> group(List<String> options) {
        List<List<String>> groups = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            int n = OPERANDS.getOrDefault(option, 0);
            current.add(option);
            current.addAll(options.subList(i + 1, Math.min(options.size(), i + 1 + n)));
            i += n;
            if (!option.equals("--perms") && !option.equals("--size")) {
                groups.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
