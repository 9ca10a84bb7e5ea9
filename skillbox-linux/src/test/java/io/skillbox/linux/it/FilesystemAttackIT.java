package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.spec.Isolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The skill tries to read and write the host's files. */
class FilesystemAttackIT extends SandboxIT {
    private final String secret = token();
    private final String name = token();
    private final Path tmpCanary = Path.of("/tmp/skillbox-canary-" + name);
    private final Path rootCanary = Path.of("/root/skillbox-canary-" + name);

    @AfterEach
    void removeCanaries() throws Exception {
        Files.deleteIfExists(tmpCanary);
        Files.deleteIfExists(rootCanary);
    }

    @Test
    void cannotReadHostFilesEvenWorldReadableOnes(@TempDir Path dir) throws Exception {
        for (Path canary : List.of(tmpCanary, rootCanary)) {
            Files.writeString(canary, secret);
            Files.setPosixFilePermissions(canary, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path bundle = TestSkills.python(dir, "{ timeout: 10s }", """
                import json, os, sys
                p = json.load(sys.stdin)
                attempts = {}
                for path in p["paths"]:
                    try:
                        with open(path) as f:
                            attempts[path] = "READ:" + f.read()
                    except OSError as e:
                        attempts[path] = type(e).__name__
                sysfs = {}
                for d in ["/sys/class/net", "/sys/kernel", "/sys/firmware", "/sys/fs/cgroup", "/sys/block"]:
                    try:
                        sysfs[d] = sorted(os.listdir(d))
                    except OSError as e:
                        sysfs[d] = type(e).__name__
                json.dump({"attempts": attempts, "root": sorted(os.listdir("/")), "sys": sysfs}, sys.stdout)
                """);
        List<String> paths = List.of(tmpCanary.toString(), rootCanary.toString(), "/etc/shadow",
                "/proc/1/root" + tmpCanary, "/work/../../" + tmpCanary, "/skill/../.." + tmpCanary,
                "/proc/self/root" + tmpCanary, "/etc/ssh/ssh_host_ed25519_key", "/var/log/syslog");

        RunResult r = run(bundle, Map.of("paths", paths));

        assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode out = json(r);
        for (String path : paths) {
            assertThat(out.path("attempts").path(path).asString()).as(path).doesNotStartWith("READ:");
        }
        assertThat(r.stdout() + r.stderr()).doesNotContain(secret);
        List<String> visible = new ArrayList<>(List.of("bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc",
                "sbin", "skill", "tmp", "usr", "work"));
        if (TIER == Isolation.GVISOR) {
            // gVisor always mounts a /sys of the Sentry's own making: the sandbox's CPUs and at most its own
            // loopback (gVisor 2024 has no /sys/class/net at all), nothing read from the host's sysfs. Shown so: no
            // host device, interface, firmware or kernel object.
            visible.add("sys");
            JsonNode sysfs = out.path("sys");
            JsonNode net = sysfs.path("/sys/class/net");
            if (net.isArray()) {
                assertThat(net.valueStream().map(JsonNode::asString).toList()).isSubsetOf("lo");
            } else {
                assertThat(net.asString()).as("/sys/class/net").isEqualTo("FileNotFoundError");
            }
            for (String empty : List.of("/sys/kernel", "/sys/firmware", "/sys/fs/cgroup", "/sys/block")) {
                assertThat(sysfs.path(empty).isArray() && sysfs.path(empty).isEmpty()).as("%s: %s", empty, sysfs.path(empty))
                        .isTrue();
            }
        }
        assertThat(out.path("root").valueStream().map(JsonNode::asString).toList())
                .isSubsetOf(visible)
                .doesNotContain("root", "home", "boot", "var", "run", "srv", "opt", "mnt", "media");
    }

    @Test
    void cannotWriteOutsideWorkAndTmp(@TempDir Path dir) throws Exception {
        Path bundle = TestSkills.python(dir, "{ timeout: 10s }", """
                import json, os, sys
                results = {}
                for path in ["/x", "/etc/x", "/etc/passwd", "/usr/x", "/skill/x", "/skill/main.py", "/dev/x",
                             "/proc/x", "/proc/sys/kernel/hostname", "/lib/x", "/work/ok", "/tmp/ok",
                             "/dev/shm/ok"]:
                    try:
                        with open(path, "w") as f:
                            f.write("written")
                        results[path] = "WROTE"
                    except OSError as e:
                        results[path] = type(e).__name__
                for d in ["/newdir", "/etc/newdir", "/skill/newdir"]:
                    try:
                        os.mkdir(d)
                        results[d] = "WROTE"
                    except OSError as e:
                        results[d] = type(e).__name__
                json.dump(results, sys.stdout)
                """);
        List<String> before = listing(dir);
        String source = Files.readString(dir.resolve("main.py"));

        RunResult r = run(bundle, Map.of());

        assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
        JsonNode out = json(r);
        for (String path : List.of("/x", "/etc/x", "/etc/passwd", "/usr/x", "/skill/x", "/skill/main.py", "/dev/x",
                "/proc/x", "/proc/sys/kernel/hostname", "/lib/x", "/newdir", "/etc/newdir", "/skill/newdir")) {
            assertThat(out.path(path).asString()).as(path).isNotEqualTo("WROTE");
        }
        for (String path : List.of("/work/ok", "/tmp/ok", "/dev/shm/ok")) {
            assertThat(out.path(path).asString()).as(path).isEqualTo("WROTE");
        }
        // Host side: the bundle is untouched and nothing appeared on the host's filesystem.
        assertThat(listing(dir)).isEqualTo(before);
        assertThat(Files.readString(dir.resolve("main.py"))).isEqualTo(source);
        assertThat(Path.of("/x")).doesNotExist();
        assertThat(Path.of("/newdir")).doesNotExist();
        assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain("written");
    }

    @Test
    void scratchAndTmpAreSizeCapped(@TempDir Path dir) {
        Path bundle = TestSkills.shell(dir, "{ scratch: 4Mi, timeout: 20s }", """
                dd if=/dev/zero of=/work/big bs=1M count=64 2>/dev/null; echo "work=$?"
                df -k /work | tail -1 | awk '{print "worksize=" $2}'
                """);

        RunResult r = run(bundle, Map.of());

        assertThat(r.stdout()).contains("work=1").contains("worksize=4096");
        assertThat(r.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("resources.scratch"));
        awaitReleased();
        assertThat(HostView.mountsContaining(r.runId())).as("the scratch mount is gone").isEmpty();
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
