package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.json.Json;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Proves {@link OciSchema} can fail, so a green lowering test means something.
 *
 * <p>The schema is Debian's golang-github-opencontainers-specs-dev 1.0.2.118.g5cfc4c3-1: runtime-spec
 * 1.0.2 plus later commits (it already knows {@code linux.seccomp.defaultErrnoRet}, {@code flags},
 * {@code listenerPath}, {@code Syscall.errnoRet}, {@code SCMP_ACT_KILL_PROCESS}/{@code _LOG}/{@code _NOTIFY},
 * {@code process.user.umask}, {@code mounts[].uidMappings}, {@code resources.unified}, {@code cpu.burst}/{@code idle},
 * namespace type {@code cgroup}; not yet {@code time} namespaces, {@code process.scheduler},
 * {@code ioPriority}, {@code execCPUAffinity}, {@code linux.memoryPolicy} or {@code netDevices}).
 * It has no {@code additionalProperties: false}, so it cannot catch a misspelt key.
 */
class OciSchemaTest {
    private static final String MINIMAL = """
            {
              "ociVersion": "1.0.2",
              "root": { "path": "rootfs" },
              "process": {
                "user": { "uid": 0, "gid": 0 },
                "args": ["/bin/sh", "-c", "true"],
                "cwd": "/"
              },
              "linux": {
                "namespaces": [ { "type": "pid" }, { "type": "mount" }, { "type": "user" } ]
              }
            }
            """;

    /** Every section the OCI backend is meant to generate. */
    private static final String FULL = """
            {
              "ociVersion": "1.0.2",
              "hostname": "skillbox",
              "root": { "path": "rootfs", "readonly": true },
              "mounts": [
                { "destination": "/work", "type": "bind", "source": "/tmp/run/work",
                  "options": ["rbind", "rw", "nosuid", "nodev"] },
                { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
                  "options": ["nosuid", "nodev", "mode=1777", "size=67108864"] },
                { "destination": "/proc", "type": "proc", "source": "proc" }
              ],
              "process": {
                "terminal": false,
                "user": { "uid": 1000, "gid": 1000 },
                "args": ["/usr/bin/python3", "main.py"],
                "env": ["PATH=/usr/bin:/bin", "HOME=/work"],
                "cwd": "/work",
                "capabilities": { "bounding": [], "effective": [], "inheritable": [], "permitted": [], "ambient": [] },
                "noNewPrivileges": true,
                "rlimits": [
                  { "type": "RLIMIT_NOFILE", "soft": 256, "hard": 256 },
                  { "type": "RLIMIT_CORE", "soft": 0, "hard": 0 }
                ]
              },
              "linux": {
                "uidMappings": [ { "containerID": 1000, "hostID": 100000, "size": 1 } ],
                "gidMappings": [ { "containerID": 1000, "hostID": 100000, "size": 1 } ],
                "cgroupsPath": "/skillbox/run-1",
                "resources": {
                  "memory": { "limit": 268435456 },
                  "cpu": { "quota": 50000, "period": 100000 },
                  "pids": { "limit": 64 },
                  "devices": [ { "allow": false, "access": "rwm" } ]
                },
                "maskedPaths": ["/proc/kcore", "/sys/firmware"],
                "readonlyPaths": ["/proc/sys", "/proc/sysrq-trigger"],
                "seccomp": {
                  "defaultAction": "SCMP_ACT_ERRNO",
                  "defaultErrnoRet": 1,
                  "architectures": ["SCMP_ARCH_X86_64"],
                  "syscalls": [
                    { "names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW" },
                    { "names": ["personality"], "action": "SCMP_ACT_ALLOW",
                      "args": [ { "index": 0, "value": 1, "valueTwo": 0, "op": "SCMP_CMP_EQ" } ] }
                  ]
                },
                "namespaces": [
                  { "type": "pid" }, { "type": "mount" }, { "type": "ipc" }, { "type": "uts" },
                  { "type": "user" }, { "type": "cgroup" },
                  { "type": "network", "path": "/var/run/netns/skillbox-run-1" }
                ]
              }
            }
            """;

    private static ObjectNode minimal() {
        return (ObjectNode) Json.json().readTree(MINIMAL);
    }

    private static ObjectNode object(JsonNode config, String pointer) {
        return (ObjectNode) config.at(pointer);
    }

    @Test
    void minimalConfigIsValid() {
        OciSchema.assertValid(minimal());
    }

    @Test
    void everySectionWeGenerateIsValid() {
        OciSchema.assertValid(Json.json().readTree(FULL));
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                broken("missing ociVersion", "ociVersion", config -> config.remove("ociVersion")),
                broken("unknown namespace type", "/linux/namespaces/0/type",
                        config -> object(config, "/linux/namespaces/0").put("type", "bogus")),
                broken("uid as a string", "/process/user/uid",
                        config -> object(config, "/process/user").put("uid", "0")),
                broken("mount without destination", "destination", config -> config.putArray("mounts")
                        .addObject().put("type", "tmpfs").put("source", "tmpfs")),
                broken("unknown seccomp action", "/linux/seccomp/defaultAction",
                        config -> object(config, "/linux").putObject("seccomp").put("defaultAction", "SCMP_ACT_NOPE")),
                broken("rlimit type not RLIMIT_*", "/process/rlimits/0/type", config -> object(config, "/process")
                        .putArray("rlimits").addObject().put("type", "nofile").put("soft", 1).put("hard", 1)),
                broken("memory limit as a string", "/linux/resources/memory/limit", config -> object(config, "/linux")
                        .putObject("resources").putObject("memory").put("limit", "256m")));
    }

    private static Arguments broken(String name, String field, Consumer<ObjectNode> breakIt) {
        return Arguments.of(name, field, breakIt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenConfigFailsNamingTheField(String name, String field, Consumer<ObjectNode> breakIt) {
        ObjectNode config = minimal();
        breakIt.accept(config);

        assertThat(OciSchema.validate(config)).as(name).isNotEmpty().anySatisfy(error -> assertThat(error).contains(field));
        assertThatThrownBy(() -> OciSchema.assertValid(config))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(field)
                .hasMessageContaining("\"cwd\" : \"/\""); // the document follows the errors
    }

    @Test
    void missingSchemaFailsRatherThanSkips() {
        assertThatThrownBy(() -> OciSchema.load(Path.of("/nonexistent/oci-schema")))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the OCI runtime-spec schema is missing: run scripts/setup.sh "
                        + "(it installs golang-github-opencontainers-specs-dev)");
    }

    @Test
    void missingOciVersionIsReportedAtTheRoot() {
        ObjectNode config = minimal();
        config.remove("ociVersion");

        assertThat(OciSchema.validate(config)).containsExactly("(root): required property 'ociVersion' not found");
    }

    @Test
    void namespacesMustBeAnArray() {
        ObjectNode config = minimal();
        object(config, "/linux").put("namespaces", "pid");

        assertThat(OciSchema.validate(config)).anySatisfy(error -> assertThat(error).contains("/linux/namespaces"));
    }
}
