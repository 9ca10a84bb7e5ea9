package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import io.skillbox.linux.it.TestSkills;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real runs under runc and runsc (what scripts/setup.sh installs; these fail, not skip, without them): the
 * skill's stdio, exit status and artifacts pass through the runtime; what the kernel reports inside proves the
 * boundary (gVisor's own kernel; no capability, no_new_privs, the seccomp filter); the host's loopback listener
 * sees no connection; and nothing of the run is left on the host.
 */
class OciBackendIT {
    private static Skillbox box;

    @BeforeAll
    static void open() {
        Skillbox.Builder b = Skillbox.builder();
        b.backend(new OciBackend(OciRuntime.RUNC));
        b.backend(new OciBackend(OciRuntime.RUNSC));
        box = b.build();
        for (var backend : box.backends().backends()) {
            assertThat(backend.availability().problems()).as(backend.name() + ": run scripts/setup.sh as root").isEmpty();
        }
    }

    @AfterAll
    static void close() {
        box.close();
    }

    @ParameterizedTest
    @EnumSource(value = OciRuntime.class, names = {"RUNC", "RUNSC"})
    void runsTheSkillBehindTheRuntimesBoundary(OciRuntime runtime, @TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundle"));
        AtomicInteger contacts = new AtomicInteger();
        var runId = new java.util.concurrent.atomic.AtomicReference<String>();
        try (ServerSocket bait = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    bait.setSoTimeout(0);
                    while (true) {
                        bait.accept().close();
                        contacts.incrementAndGet();
                    }
                } catch (IOException | RuntimeException e) {
                    // closed at the end of the test
                }
            });
            Path bundle = TestSkills.write(dir, """
                    apiVersion: skillbox/v1
                    name: oci-probe
                    version: 0.0.1
                    entrypoint: [python3, main.py]
                    runtime: { isolation: %s }
                    """.formatted(runtime.tier().wireName()), Map.of("main.py", """
                    import json, os, socket, sys, threading
                    params = json.load(sys.stdin)
                    status = dict(l.split(":\\t", 1) for l in open("/proc/self/status").read().splitlines() if ":\\t" in l)
                    try:
                        socket.create_connection(("127.0.0.1", params["port"]), timeout=2)
                        reached = "connected"
                    except OSError as e:
                        reached = type(e).__name__
                    try:  # pthread_create needs clone3 to fail with ENOSYS, not EPERM, to fall back to clone
                        t = threading.Thread(target=lambda: None)
                        t.start()
                        t.join()
                        thread = "started"
                    except RuntimeError as e:
                        thread = str(e)
                    os.makedirs("/work/out", exist_ok=True)
                    open("/work/out/result.txt", "w").write("from " + params["who"])
                    print(json.dumps({"kernel": open("/proc/version").read(), "uid": os.getuid(),
                        "capEff": status.get("CapEff", "").strip(), "noNewPrivs": status.get("NoNewPrivs", "").strip(),
                        "seccomp": status.get("Seccomp", "").strip(), "reached": reached, "who": params["who"], "thread": thread}))
                    sys.exit(3)
                    """));
            Path saved = Files.createDirectories(tmp.resolve("artifacts"));
            RunResult r = box.run(RunRequest.of(bundle, "{\"who\": \"" + runtime.binary() + "\", \"port\": "
                    + bait.getLocalPort() + "}").withArtifactDir(saved));

            runId.set(r.runId());
            assertThat(r.status()).as(r.stderr() + " / " + r.error()).isEqualTo(RunStatus.FAILED);
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.backend()).isEqualTo(runtime.binary());
            var out = r.result();
            assertThat(out.path("who").asString()).isEqualTo(runtime.binary());
            assertThat(out.path("uid").asInt()).isEqualTo(1000);
            assertThat(out.path("capEff").asString()).isEqualTo("0000000000000000");
            assertThat(out.path("seccomp").asString()).isEqualTo("2");
            assertThat(out.path("reached").asString()).isIn("ConnectionRefusedError", "OSError", "TimeoutError");
            assertThat(out.path("thread").asString()).as("a thread of the skill").isEqualTo("started");
            if (runtime == OciRuntime.RUNSC) {
                // gVisor's Sentry answers for the kernel: its fixed version string, never the host's.
                assertThat(out.path("kernel").asString()).contains("4.4.0").doesNotContain(hostKernel());
            } else {
                assertThat(out.path("noNewPrivs").asString()).isEqualTo("1");
                assertThat(out.path("kernel").asString()).contains(hostKernel());
            }
            assertThat(r.artifacts()).hasSize(1);
            assertThat(r.artifacts().getFirst().path()).isEqualTo("result.txt");
            assertThat(Files.readString(Path.of(r.artifacts().getFirst().savedTo()), StandardCharsets.UTF_8))
                    .isEqualTo("from " + runtime.binary());
        }
        assertThat(contacts.get()).as("connections the host's loopback listener saw").isZero();
        assertThat(OciLeftovers.of(box, runId.get(), runtime)).as("left behind by the run").isEmpty();
    }

    private static String hostKernel() throws IOException {
        return Files.readString(Path.of("/proc/version")).split(" ")[2];
    }
}
