package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.Violation;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004's {@code DockerSecurityPolicy} as skillbox applies it, always on: no privileged or other docker flags
 * ({@code extra_args}), no host or bridge network, no GPUs, no root user, only the host's platform. The fields that
 * ask for what skillbox does anyway ({@code rm}, {@code read_only}, {@code network = "none"}) are accepted and said.
 */
final class DockerSecurity {
    private DockerSecurity() {}

    static void check(String prefix, JsonNode d, List<Violation> invalid, List<String> notes) {
        extraArgs(prefix + ".extra_args", d.path("extra_args"), invalid);
        network(prefix + ".network", d.path("network").asString("none"), invalid);
        notes.add(prefix + ".network: none (only the sandbox's own loopback)");
        if (d.has("gpus")) {
            invalid.add(new Violation(prefix + ".gpus", "GPUs are not supported: skillbox gives a sandbox no devices",
                    "remove gpus; run GPU work outside skillbox"));
        }
        user(prefix + ".user", d, invalid, notes);
        if (d.has("platform") && !d.path("platform").stringValue().equals(hostPlatform())) {
            invalid.add(new Violation(prefix + ".platform", "'" + d.path("platform").stringValue() + "' is not this host's "
                    + "platform " + hostPlatform() + "; skillbox runs no emulation",
                    "remove platform, or set it to " + hostPlatform() + " with an image built for it"));
        }
        notes.add(prefix + ".rm: " + (d.path("rm").asBoolean(true) ? "" : "false is ignored: ")
                + "every sandbox is removed after its run (skillbox run --forensics keeps a snapshot of /work)");
        notes.add(prefix + ".read_only: " + (d.path("read_only").asBoolean(false) ? "" : "false is ignored: ")
                + "the root is always read-only; /work (the scratch) and /tmp are writable");
    }

    /** Any docker flag could undo the sandbox (--privileged, --cap-add, --device, -v, --pid=host): none passes. */
    private static void extraArgs(String field, JsonNode args, List<Violation> invalid) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i).stringValue();
            String why = arg.startsWith("--privileged") ? "privileged mode gives the container every capability and "
                    + "device of the host" : "docker run flags are not passed: skillbox has no docker command line";
            invalid.add(new Violation(field + "[" + i + "]", "'" + arg + "' is refused: " + why,
                    "remove it; limits go in memory and cpus, files in volumes, and nothing raises privileges"));
        }
    }

    private static void network(String field, String mode, List<Violation> invalid) {
        switch (mode) {
            case "none" -> { }
            case "host" -> invalid.add(new Violation(field, "host networking gives the skill the host's network "
                    + "interfaces and every service on them", "set network = \"none\""));
            case "bridge" -> invalid.add(new Violation(field, "bridge is general network access, which skillbox does "
                    + "not give", "set network = \"none\"; for named HTTPS hosts write a skill.yaml with network.mode: "
                    + "allowlist and network.hosts (docs/NETWORK.md)"));
            default -> invalid.add(new Violation(field, "'" + mode + "' is not a network skillbox has",
                    "set network = \"none\""));
        }
    }

    /** skillbox picks the user: the policy's unprivileged sandbox uid, never root. */
    private static void user(String field, JsonNode d, List<Violation> invalid, List<String> notes) {
        if (!d.has("user")) {
            return;
        }
        String user = d.path("user").stringValue();
        String name = user.split(":", 2)[0].strip();
        if (name.equals("0") || name.equals("root") || user.endsWith(":0") || user.endsWith(":root")) {
            invalid.add(new Violation(field, "'" + user + "' is root; skills never run as root",
                    "remove user: skillbox runs every skill as the policy's unprivileged sandbox user"));
        } else {
            notes.add(field + " '" + user + "': ignored; skills run as the policy's sandbox user (sandbox.uid)");
        }
    }

    static String hostPlatform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return "linux/" + switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
