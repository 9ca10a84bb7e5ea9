package io.skillbox.linux.seccomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.json.Json;
import io.skillbox.core.seccomp.SeccompProfiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The built-in profile, compiled and loaded by the real bwrap into a real kernel: every dangerous syscall
 * fails as designed while ordinary interpreter work goes on. A control run of the same probe without the
 * filter shows that the errors come from the filter, not from missing privileges.
 */
class SeccompFilterIT {
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    /** Probes whose unfiltered result cannot be the filter's answer (bwrap gives the sandbox its own namespaces). */
    private static final List<String> DISCRIMINATING = List.of("unshare(CLONE_NEWUSER)",
            "clone(CLONE_NEWUSER|SIGCHLD)", "clone3", "setns", "mount", "umount2", "pivot_root", "chroot",
            "ptrace(PTRACE_TRACEME)", "process_vm_readv", "process_vm_writev", "kcmp", "modify_ldt",
            "perf_event_open", "name_to_handle_at", "personality(READ_IMPLIES_EXEC)", "socket(AF_VSOCK)",
            "socket(AF_VSOCK | 1<<32)");

    private static String probe;

    @BeforeAll
    static void readProbe() throws IOException {
        assertThat(System.getProperty("os.arch")).as("the probe uses x86_64 syscall numbers").isIn("amd64", "x86_64");
        try (InputStream in = SeccompFilterIT.class.getResourceAsStream("/seccomp/probe.py")) {
            probe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** What one sandboxed probe reported, plus the host's view of the probe process. */
    record Report(JsonNode json, String hostSeccomp, String hostNoNewPrivs) {}

    @Test
    void builtinProfileBlocksWhatItMustAndLetsInterpretersWork(@TempDir Path dir) throws Exception {
        byte[] bpf = new SeccompCompiler().compile(SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(),
                SeccompProfiles.hostArch()));
        Path filter = dir.resolve("default.bpf");
        Files.write(filter, bpf);

        Report filtered = run(Optional.of(filter));
        Report control = run(Optional.empty());

        assertThat(filtered.json().get("seccomp").stringValue()).as("self-reported Seccomp mode").isEqualTo("2");
        assertThat(filtered.hostSeccomp()).as("Seccomp mode seen from the host").isEqualTo("2");
        assertThat(filtered.hostNoNewPrivs()).isEqualTo("1");
        assertThat(control.json().get("seccomp").stringValue()).isEqualTo("0");

        Map<String, Integer> expected = new LinkedHashMap<>();
        filtered.json().get("blocked").propertyNames().forEach(name -> expected.put(name,
                name.startsWith("clone3") || name.startsWith("socketcall") ? ENOSYS : EPERM));
        Map<String, Integer> got = new LinkedHashMap<>();
        filtered.json().get("blocked").properties().forEach(e -> got.put(e.getKey(), e.getValue().intValue()));
        assertThat(got).as("errno of each blocked syscall under the filter").isEqualTo(expected);
        assertThat(got).hasSizeGreaterThanOrEqualTo(50);

        for (String name : DISCRIMINATING) {
            assertThat(control.json().get("blocked").get(name).intValue()).as("%s without the filter", name)
                    .isNotEqualTo(expected.get(name));
        }
        List<String> broken = new ArrayList<>();
        filtered.json().get("works").properties().forEach(e -> {
            if (!e.getValue().isBoolean() || !e.getValue().booleanValue()) {
                broken.add(e.getKey() + "=" + e.getValue());
            }
        });
        assertThat(broken).as("ordinary work under the filter").isEmpty();
        assertThat(filtered.json().get("works").size()).isGreaterThanOrEqualTo(11);
    }

    /** Runs the probe in bwrap, the filter read by bwrap from fd 3 as {@code --seccomp 3} requires. */
    private static Report run(Optional<Path> filter) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c",
                filter.isPresent() ? "exec \"$0\" \"$@\" 3<\"$SKILLBOX_BPF\"" : "exec \"$0\" \"$@\"",
                "bwrap", "--unshare-all", "--unshare-user", "--die-with-parent", "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
                "--proc", "/proc", "--dev", "/dev"));
        if (filter.isPresent()) {
            command.addAll(List.of("--seccomp", "3"));
        }
        command.addAll(List.of("--", "/usr/bin/python3", "-c", probe));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        filter.ifPresent(f -> builder.environment().put("SKILLBOX_BPF", f.toString()));
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(120, TimeUnit.SECONDS);
            assertThat(line).as("the probe's report (bwrap exit %s)", process.isAlive() ? "-" : process.exitValue())
                    .isNotNull();
            // The probe now waits for stdin to close: look at it from the host while it is alive.
            ProcessHandle python = process.descendants()
                    .filter(h -> h.info().command().map(c -> c.contains("python3")).orElse(false))
                    .findFirst().orElseThrow(() -> new AssertionError("no python3 below bwrap"));
            Map<String, String> status = status(python.pid());
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            return new Report(Json.json().readTree(line), status.get("Seccomp"), status.get("NoNewPrivs"));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static Map<String, String> status(long pid) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
