package io.skillbox.core.seccomp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The architectures a profile's filter covers on this host: OCI's {@code architectures} list or Docker's
 * {@code archMap} entry for the host, narrowed to the host's family (no other architecture's syscalls can
 * reach this kernel), always including the host itself (libseccomp always filters the native one).
 */
final class Architectures {
    private static final Set<String> ARCH_MAP_KEYS = Set.of("architecture", "subArchitectures");

    private final Findings findings;
    private final String hostArch;

    Architectures(Findings findings, String hostArch) {
        this.findings = findings;
        this.hostArch = hostArch;
    }

    List<String> read(JsonNode root) {
        JsonNode list = root.get("architectures");
        JsonNode map = root.get("archMap");
        if (list != null && map != null) {
            findings.add("archMap", "cannot be combined with \"architectures\"", "keep one of the two");
            return List.of(hostArch);
        }
        Set<String> chosen = new LinkedHashSet<>();
        chosen.add(hostArch);
        if (map != null) {
            chosen.addAll(archMap(map));
        } else if (list != null) {
            chosen.addAll(scmpArches(list, "architectures"));
        }
        chosen.retainAll(SeccompArches.family(hostArch));
        return List.copyOf(chosen);
    }

    /** The host's entry's sub-architectures; the other entries are only checked. */
    private List<String> archMap(JsonNode map) {
        if (!map.isArray()) {
            findings.add("archMap", "must be an array", "write \"archMap\": [{\"architecture\": ...}]");
            return List.of();
        }
        List<String> found = null;
        for (int i = 0; i < map.size(); i++) {
            String path = "archMap[" + i + "]";
            JsonNode entry = map.get(i);
            if (!entry.isObject()) {
                findings.add(path, "must be an object", "write {\"architecture\": ..., \"subArchitectures\": [...]}");
                continue;
            }
            findings.unknownKeys(entry, path, ARCH_MAP_KEYS);
            List<String> main = scmpArches(entry.get("architecture"), path + ".architecture");
            List<String> subs = entry.has("subArchitectures")
                    ? scmpArches(entry.get("subArchitectures"), path + ".subArchitectures") : List.of();
            if (main.size() == 1 && main.getFirst().equals(hostArch)) {
                if (found != null) {
                    findings.add(path, "is a second entry for " + hostArch, "merge the two entries");
                }
                found = subs;
            }
        }
        if (found == null) {
            findings.add("archMap", "has no entry for this host's architecture " + hostArch,
                    "add {\"architecture\": \"SCMP_ARCH_" + hostArch.toUpperCase(Locale.ROOT) + "\"}");
            return List.of();
        }
        return found;
    }

    /** {@code SCMP_ARCH_*} names (one string or an array of them) to libseccomp names. */
    private List<String> scmpArches(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isString()) {
            scmpArch(node.stringValue(), path).ifPresent(out::add);
            return out;
        }
        List<String> names = findings.strings(node, path);
        for (int i = 0; i < names.size(); i++) {
            scmpArch(names.get(i), path + "[" + i + "]").ifPresent(out::add);
        }
        return out;
    }

    private Optional<String> scmpArch(String name, String path) {
        Optional<String> arch = SeccompArches.fromScmp(name);
        if (arch.isEmpty()) {
            findings.add(path, "unknown architecture " + name, "use an SCMP_ARCH_* name such as SCMP_ARCH_X86_64");
        }
        return arch;
    }
}
