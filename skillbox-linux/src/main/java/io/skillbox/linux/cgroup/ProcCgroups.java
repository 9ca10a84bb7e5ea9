package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Parsers for {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}, pure so tests feed sample text. */
final class ProcCgroups {
    /** Super options of a v1 cgroup mount that are flags, not controller names. */
    private static final Set<String> V1_FLAGS =
            Set.of("rw", "ro", "noprefix", "clone_children", "xattr", "cpuset_v2_mode", "favordynmods");

    private ProcCgroups() {}

    /**
     * One cgroup filesystem mount.
     *
     * @param root        the directory of the hierarchy that is mounted (not "/" under some container setups)
     * @param mountPoint  where it is mounted
     * @param v2          cgroup2 (unified) rather than a v1 hierarchy
     * @param controllers v1 controllers bound to this hierarchy (e.g. cpu and cpuacct when co-mounted); empty for v2
     * @param readOnly    mounted or super-block read-only
     */
    record Mount(String root, Path mountPoint, boolean v2, Set<String> controllers, boolean readOnly) {

        /** The directory of cgroup {@code cgroupPath} under this mount, if this mount shows it. */
        Optional<Path> dirOf(String cgroupPath) {
            if (root.equals("/")) {
                return Optional.of(resolve(cgroupPath));
            }
            if (cgroupPath.equals(root)) {
                return Optional.of(mountPoint);
            }
            if (cgroupPath.startsWith(root + "/")) {
                return Optional.of(resolve(cgroupPath.substring(root.length())));
            }
            return Optional.empty();
        }

        private Path resolve(String cgroupPath) {
            String relative = cgroupPath.replaceFirst("^/+", "");
            return relative.isEmpty() ? mountPoint : mountPoint.resolve(relative);
        }
    }

    /**
     * One line of {@code /proc/self/cgroup}.
     *
     * @param controllers v1 controllers of the hierarchy ("name=systemd" kept as is); empty for the v2 line
     * @param path        the cgroup path, relative to the hierarchy root (of this cgroup namespace)
     */
    record Membership(int hierarchyId, Set<String> controllers, String path) {
        boolean v2() {
            return hierarchyId == 0 && controllers.isEmpty();
        }
    }

    /** The cgroup and cgroup2 mounts, in mount order. */
    static List<Mount> parseMountinfo(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            String[] fields = line.trim().split(" ");
            int dash = Arrays.asList(fields).indexOf("-");
            if (dash < 6 || fields.length < dash + 4) {
                throw new IllegalArgumentException("malformed mountinfo line: " + line);
            }
            String fsType = fields[dash + 1];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) {
                continue;
            }
            Set<String> superOptions = Set.of(fields[dash + 3].split(","));
            Set<String> controllers = new LinkedHashSet<>();
            for (String option : fields[dash + 3].split(",")) {
                if (fsType.equals("cgroup") && !V1_FLAGS.contains(option) && !option.contains("=")) {
                    controllers.add(option);
                }
            }
            boolean readOnly = Set.of(fields[5].split(",")).contains("ro") || superOptions.contains("ro");
            mounts.add(new Mount(unescape(fields[3]), Path.of(unescape(fields[4])), fsType.equals("cgroup2"),
                    Set.copyOf(controllers), readOnly));
        }
        return List.copyOf(mounts);
    }

    static List<Membership> parseProcCgroup(String text) {
        List<Membership> memberships = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(":", 3); // the path itself may contain ':'
            if (parts.length != 3) {
                throw new IllegalArgumentException("malformed /proc/self/cgroup line: " + line);
            }
            Set<String> controllers = parts[1].isEmpty() ? Set.of() : Set.of(parts[1].split(","));
            memberships.add(new Membership(Integer.parseInt(parts[0]), controllers, parts[2]));
        }
        return List.copyOf(memberships);
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
