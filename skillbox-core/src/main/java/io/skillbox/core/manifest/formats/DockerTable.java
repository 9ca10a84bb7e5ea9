package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A skill-engine {@code [skills.NAME.docker]} table mapped onto skillbox's manifest, with seed 004's
 * {@code DockerSecurityPolicy} checks made unconditional: every field either maps onto something skillbox enforces,
 * is shown as what skillbox does anyway, or is refused naming the field and the fix. Nothing is passed through as
 * a docker flag.
 */
final class DockerTable {
    /** Variables skillbox sets itself; a skill may not replace them. */
    private static final Set<String> RESERVED_ENV = Set.of("HOME", "PATH", "LANG", "TMPDIR", "PYTHONDONTWRITEBYTECODE",
            "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy", "ALL_PROXY", "all_proxy");
    private static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";
    private static final String REFERENCE = "[A-Za-z0-9][A-Za-z0-9._/:@-]{0,255}";

    private DockerTable() {}

    /** What the table maps to, and how each field was used, for {@code skillbox check}. */
    record Mapped(List<String> entrypoint, Manifest.Runtime runtime, Manifest.Resources resources,
            List<Manifest.FileMount> files, List<String> notes) {}

    static Optional<Mapped> map(Path root, String prefix, JsonNode d, List<Violation> invalid, List<Violation> unsafe) {
        int before = invalid.size() + unsafe.size();
        List<String> notes = new ArrayList<>();
        Image image = image(root, prefix + ".image", d.path("image").stringValue(), invalid, unsafe, notes);
        List<String> argv = entrypoint(prefix, d, invalid, unsafe);
        DockerVolumes.Read volumes = DockerVolumes.read(root, prefix + ".volumes", d.path("volumes"), invalid, unsafe);
        notes.addAll(volumes.notes());
        workingDir(prefix + ".working_dir", d.path("working_dir"), volumes.workdirAlias(), invalid);
        Map<String, String> environment = environment(prefix + ".environment", d.path("environment"), invalid);
        Manifest.Resources resources = DockerLimits.resources(prefix, d, invalid, notes);
        DockerSecurity.check(prefix, d, invalid, notes);
        if (invalid.size() + unsafe.size() > before) {
            return Optional.empty();
        }
        if (!environment.isEmpty()) {
            notes.add(prefix + ".environment: set inside the sandbox as written " + environment.keySet());
        }
        Manifest.Runtime runtime = new Manifest.Runtime(Optional.empty(), image.bundlePath(), image.reference(),
                Optional.empty(), environment, volumes.workdirAlias());
        return Optional.of(new Mapped(argv, runtime, resources, volumes.files(), notes));
    }

    private record Image(Optional<String> bundlePath, Optional<String> reference) {}

    /**
     * A bundle path when it names one (or looks like one: ./x, x.tar), else a reference the policy must map to an
     * image file: skillbox never pulls, and never takes a host path from a skill.
     */
    private static Image image(Path root, String field, String text, List<Violation> invalid, List<Violation> unsafe,
            List<String> notes) {
        Image none = new Image(Optional.empty(), Optional.empty());
        if (text.startsWith("/")) {
            unsafe.add(new Violation(field, "'" + text + "' is a host path; a skill names an image in its bundle or by reference",
                    "put the image (docker save NAME -o image.tar) in the bundle and write image = \"image.tar\", or "
                            + "name it by reference (python:3.12-slim) for the operator to provide"));
            return none;
        }
        boolean pathLike = text.startsWith("./") || text.endsWith(".tar") || exists(root, text);
        if (pathLike) {
            Path normal;
            try {
                normal = Path.of(text).normalize();
            } catch (InvalidPathException e) {
                invalid.add(new Violation(field, "'" + text + "' is not a valid path", "name a file inside the bundle"));
                return none;
            }
            if (normal.startsWith("..")) {
                unsafe.add(new Violation(field, "'" + text + "' leaves the bundle (path traversal with '..')",
                        "name an image inside the bundle, without '..'"));
                return none;
            }
            if (!exists(root, normal.toString())) {
                invalid.add(new Violation(field, "'" + text + "' does not exist in the bundle",
                        "add the image to the bundle (docker save NAME -o " + text + "), or correct the path"));
                return none;
            }
            notes.add(field + " '" + text + "': the bundle's image is the sandbox's root (runtime.image)");
            return new Image(Optional.of(normal.toString()), Optional.empty());
        }
        if (!text.matches(REFERENCE) || text.contains("..")) {
            invalid.add(new Violation(field, "'" + text + "' is neither a bundle file nor an image reference",
                    "write a reference such as python:3.12-slim, or the bundle path of an image tar"));
            return none;
        }
        notes.add(field + " '" + text + "': an image reference, never pulled; the policy's images map must provide "
                + "it as an image file (docker save " + text + " -o FILE)");
        return new Image(Optional.empty(), Optional.of(text));
    }

    /** docker's --entrypoint is one program; command follows it. The image's own ENTRYPOINT is not read. */
    private static List<String> entrypoint(String prefix, JsonNode d, List<Violation> invalid, List<Violation> unsafe) {
        List<String> argv = new ArrayList<>();
        if (d.has("entrypoint")) {
            argv.add(d.path("entrypoint").stringValue());
        }
        d.path("command").forEach(a -> argv.add(a.stringValue()));
        if (argv.isEmpty()) {
            invalid.add(new Violation(prefix + ".entrypoint", "is not set, nor is command; skillbox does not read the "
                    + "image's own ENTRYPOINT and CMD", "set entrypoint (e.g. \"python3\") and command (e.g. [\"main.py\"])"));
        }
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (!arg.startsWith("/") && arg.contains("/") && escapes(arg)) {
                unsafe.add(new Violation(d.has("entrypoint") && i == 0 ? prefix + ".entrypoint"
                        : prefix + ".command[" + (d.has("entrypoint") ? i - 1 : i) + "]",
                        "'" + arg + "' climbs out of the bundle", "name a file inside the bundle, without '..'"));
            }
        }
        return argv;
    }

    private static void workingDir(String field, JsonNode dir, Optional<String> alias, List<Violation> invalid) {
        if (dir.isMissingNode()) {
            return;
        }
        String text = dir.stringValue();
        if (!text.equals("/work") && !alias.map(text::equals).orElse(false)) {
            invalid.add(new Violation(field, "'" + text + "' is not the sandbox's working directory; every skill starts "
                    + "in its writable scratch /work", "set working_dir to the container path of the ${SKILL_WORKDIR} "
                    + "volume (e.g. \"${SKILL_WORKDIR}:" + text + "\" and working_dir = \"" + text + "\"), or to /work"));
        }
    }

    /** Literal KEY=value only: a host variable never reaches a sandbox, and skillbox's own variables stay its own. */
    private static Map<String, String> environment(String field, JsonNode list, List<Violation> invalid) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i).stringValue();
            String f = field + "[" + i + "]";
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            if (eq < 0) {
                invalid.add(new Violation(f, "'" + entry + "' would pass the host's " + name + "; skillbox passes no host "
                        + "environment variable into a sandbox", "write " + name + "=VALUE with a literal value"));
            } else if (!name.matches(ENV_NAME)) {
                invalid.add(new Violation(f, "'" + name + "' is not a variable name", "use letters, digits and '_'"));
            } else if (RESERVED_ENV.contains(name) || name.startsWith("SKILLBOX_")) {
                invalid.add(new Violation(f, name + " is set by skillbox itself", "remove it; skillbox sets HOME=/work, "
                        + "PATH, LANG, TMPDIR, the proxy and SKILLBOX_* variables"));
            } else if (entry.substring(eq + 1).matches("(?s).*\\$\\{?[A-Za-z_].*")) {
                invalid.add(new Violation(f, "'" + entry + "' expands a host variable; skillbox passes no host environment "
                        + "variable or raw secret into a sandbox", "write a literal value; for an API key use a "
                        + "skill.yaml with credentials: and the broker (docs/NETWORK.md)"));
            } else if (env.put(name, entry.substring(eq + 1)) != null) {
                invalid.add(new Violation(f, name + " is set twice", "keep one " + name + "= entry"));
            }
        }
        return env;
    }

    static boolean escapes(String relative) {
        try {
            Path normal = Path.of(relative).normalize();
            return normal.startsWith("..");
        } catch (InvalidPathException e) {
            return true;
        }
    }

    static boolean exists(Path root, String relative) {
        try {
            return !relative.isEmpty() && Files.exists(root.resolve(relative), LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
