package io.skillbox.core.policy;

import io.skillbox.core.error.Violation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A profile's {@code volumes}: {@code ./data:/agent/data:ro} binds the bundle's {@code data} of each skill run
 * under the profile read-only; a writable volume can only be the scratch ({@code SOURCE:/work:rw}), which every
 * run has; a host path is refused, since a profile applies to skills the operator has not read.
 */
final class ProfileVolumes {
    private static final String WORKDIR = "/work";

    private ProfileVolumes() {}

    static List<ContainerProfile.Volume> read(String field, JsonNode list, List<Violation> problems, List<String> notes) {
        List<ContainerProfile.Volume> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String f = field + "[" + i + "]";
            String spec = list.get(i).stringValue();
            String[] parts = spec.split(":", -1);
            String mode = parts.length == 3 ? parts[2] : "rw"; // docker's default
            if (parts.length < 2 || parts.length > 3 || !mode.equals("ro") && !mode.equals("rw")) {
                problems.add(new Violation(f, "'" + spec + "' is not SOURCE:TARGET[:ro|rw]", "write e.g. ./data:/agent/data:ro"));
                continue;
            }
            String target = parts[1];
            if (!target.equals(ContainerSection.normalize(target)) || target.equals("/")) {
                problems.add(new Violation(f, "the target '" + target + "' is not an absolute, normalized path below /",
                        "write e.g. /agent/data"));
            } else if (mode.equals("rw")) {
                if (target.equals(WORKDIR)) {
                    notes.add(f + " '" + spec + "': the run's scratch /work, which every run has (its source is not used)");
                } else {
                    problems.add(new Violation(f, "'" + spec + "' is writable; the only writable places of a sandbox "
                            + "are its scratch /work and /tmp", "mount it :ro, or use " + parts[0] + ":/work:rw (the scratch)"));
                }
            } else if (parts[0].startsWith("/") || parts[0].startsWith("$") || parts[0].startsWith("~") || escapes(parts[0])) {
                problems.add(new Violation(f, "'" + parts[0] + "' is not a path inside the skill's bundle; a profile never "
                        + "mounts host paths", "name a bundle path such as ./data"));
            } else {
                String source = Path.of(parts[0]).normalize().toString();
                out.add(new ContainerProfile.Volume(source.isEmpty() ? "." : source, target));
                notes.add(f + " '" + spec + "': the skill's bundle " + parts[0] + " read-only at " + target + " (files:)");
            }
        }
        return out;
    }

    private static boolean escapes(String relative) {
        try {
            return Path.of(relative).normalize().startsWith("..");
        } catch (InvalidPathException e) {
            return true;
        }
    }
}
