package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.PolicyLoader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code docker.volumes}: {@code SOURCE:TARGET[:ro|rw]}. {@code ${SKILL_WORKDIR}} is the run's writable scratch
 * {@code /work} (another target becomes a link to it); a bundle path ({@code ./data}) is bound read-only like a
 * skill.yaml {@code files:} entry. Every host path is refused, and said to be the Docker socket or a blocked path
 * when it is one (seed 004): skillbox never mounts a host directory a skill names.
 */
final class DockerVolumes {
    static final String SKILL_WORKDIR = "${SKILL_WORKDIR}";
    private static final String WORKDIR = "/work";
    /** Targets a volume may not take: the sandbox's own plumbing, the bundle and what skillbox provides. */
    private static final List<String> RESERVED = List.of("/proc", "/dev", "/tmp", "/skill", "/etc", "/opt/skillbox",
            "/usr", "/bin", "/sbin", "/lib", "/lib64");
    private static final List<String> SOCKETS = List.of("docker.sock", "containerd.sock", "podman.sock", "crio.sock");

    private DockerVolumes() {}

    /** @param workdirAlias the target of the ${SKILL_WORKDIR} volume when it is not /work */
    record Read(List<Manifest.FileMount> files, Optional<String> workdirAlias, List<String> notes) {}

    static Read read(Path root, String field, JsonNode volumes, List<Violation> invalid, List<Violation> unsafe) {
        List<Manifest.FileMount> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Optional<String> alias = Optional.empty();
        boolean workdir = false;
        for (int i = 0; i < volumes.size(); i++) {
            String f = field + "[" + i + "]";
            String spec = volumes.get(i).stringValue();
            String[] parts = spec.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()
                    || parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw")) {
                invalid.add(new Violation(f, "'" + spec + "' is not SOURCE:TARGET or SOURCE:TARGET:ro|rw",
                        "write e.g. \"${SKILL_WORKDIR}:/workdir\" or \"./data:/data:ro\""));
                continue;
            }
            String source = parts[0];
            boolean writable = parts.length == 3 && parts[2].equals("rw");
            if (!target(f, parts[1], invalid)) {
                continue;
            }
            String target = parts[1];
            if (source.equals(SKILL_WORKDIR)) {
                if (workdir) {
                    invalid.add(new Violation(f, "${SKILL_WORKDIR} is mounted twice", "mount it once"));
                    continue;
                }
                workdir = true;
                if (!target.equals(WORKDIR)) {
                    alias = Optional.of(target);
                }
                notes.add(f + " '" + spec + "': the run's writable scratch /work" + (target.equals(WORKDIR) ? ""
                        : ", reached also as " + target + " (a link)") + "; it starts empty, files left in /work/out "
                        + "come back as artifacts" + (writable || parts.length == 2 ? "" : " (writable despite :ro)"));
            } else if (source.startsWith("$")) {
                unsafe.add(new Violation(f, "'" + source + "' is a host variable; skillbox never mounts host directories",
                        "use ${SKILL_WORKDIR} for the working directory, or a bundle path (./data) for read-only files"));
            } else if (source.startsWith("/") || source.startsWith("~")) {
                unsafe.add(hostPath(f, source));
            } else if (DockerTable.escapes(source)) {
                unsafe.add(new Violation(f, "'" + source + "' leaves the bundle (path traversal with '..')",
                        "name a directory inside the bundle, without '..'"));
            } else if (!DockerTable.exists(root, source)) {
                invalid.add(new Violation(f, "'" + source + "' " + (source.contains("/") || source.startsWith(".")
                        ? "does not exist in the bundle" : "is a named volume or a missing bundle path; skillbox has no "
                        + "named volumes"), "add it to the bundle and write it as ./" + source.replaceFirst("^\\./", "")));
            } else if (writable) {
                invalid.add(new Violation(f, "'" + spec + "' asks to write to the bundle, which is read-only",
                        "mount it :ro, and have the skill write to ${SKILL_WORKDIR} (/work)"));
            } else {
                String normal = Path.of(source).normalize().toString();
                files.add(new Manifest.FileMount(normal.isEmpty() ? "." : normal, target, true));
                notes.add(f + " '" + spec + "': the bundle's " + source + " read-only at " + target + " (files:)");
            }
        }
        return new Read(files, alias, notes);
    }

    /** An absolute, normalized path that is none of the sandbox's own. */
    private static boolean target(String field, String target, List<Violation> invalid) {
        String normal;
        try {
            normal = Path.of(target).normalize().toString();
        } catch (InvalidPathException e) {
            normal = "";
        }
        if (!target.startsWith("/") || !normal.equals(target)) {
            invalid.add(new Violation(field, "the target '" + target + "' is not an absolute, normalized path",
                    "write an absolute path such as /workdir or /data"));
            return false;
        }
        if (target.equals("/") || RESERVED.stream().anyMatch(r -> target.equals(r) || target.startsWith(r + "/"))
                || !target.equals(WORKDIR) && target.startsWith(WORKDIR + "/")) {
            invalid.add(new Violation(field, "the target '" + target + "' is reserved by the sandbox",
                    "mount it elsewhere, e.g. /workdir or /data; reserved: / " + String.join(" ", RESERVED)));
            return false;
        }
        return true;
    }

    /** Seed 004's checks, made unconditional: the socket and the blocked paths are named as such. */
    private static Violation hostPath(String field, String source) {
        if (SOCKETS.stream().anyMatch(source::contains) || source.contains("/run/containerd")) {
            return new Violation(field, "'" + source + "' is a container engine's socket: whoever reaches it is root on "
                    + "the host", "remove the volume; a skill never controls the host's containers");
        }
        Optional<Path> blocked = blocked(source);
        String why = blocked.map(b -> " and exposes the blocked path " + b + " (filesystem.blockedPaths)").orElse("");
        return new Violation(field, "'" + source + "' is a host path" + why + "; skillbox never mounts host paths a "
                + "skill names", "copy the files the skill needs into its bundle and mount them as ./PATH:TARGET:ro, or "
                + "use ${SKILL_WORKDIR} for scratch space");
    }

    private static Optional<Path> blocked(String source) {
        Path path;
        try {
            path = Path.of(source.replaceFirst("^~", "/root")).normalize();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        List<Path> blocked = new ArrayList<>(PolicyLoader.builtin().filesystem().blockedPaths());
        blocked.add(Path.of("/etc/passwd")); // seed 004's list; the sandbox gets a synthetic one
        return blocked.stream().filter(b -> path.startsWith(b) || b.startsWith(path)).findFirst();
    }
}
