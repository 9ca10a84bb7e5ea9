package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.linux.host.HostSlots;
import io.skillbox.spec.Isolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The skill tries to outlive its run, signal the host, and gain privileges. */
class ProcessAttackIT extends SandboxIT {
    /** The host uid runsc runs gVisor's Sentry and ptrace stubs as. */
    private static final int GVISOR_NOBODY = 65534;

    @Test
    void daemonsDoNotOutliveTheRun(@TempDir Path dir) throws Exception {
        String token = token();
        Path bundle = TestSkills.python(dir, "{ timeout: 10s }", """
                import json, os, sys
                token = json.load(sys.stdin)["token"]
                def daemon():
                    if os.fork() == 0:
                        os.setsid()
                        if os.fork() == 0:
                            os.execv("/bin/sh", ["/bin/sh", "-c", "trap '' HUP TERM; sleep 600; :", token])
                        os._exit(0)
                    os.wait()
                daemon()
                daemon()
                print(json.dumps({"daemonized": True}))
                """);

        Set<Integer> zombiesBefore = HostView.zombieChildren().keySet();
        RunResult r = run(bundle, Map.of("token", token));

        assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(HostView.processesWith(token)).as("processes left behind").isEmpty();
        assertThat(HostView.processesOfSandboxUids()).isEmpty();
        // Under gVisor the daemons are tasks of the Sentry, never host processes: what must be gone is every host
        // process of the run (Sentry, Gofer, ptrace stubs), and none may be left a zombie of skillbox.
        assertThat(HostView.processesOfRun(r.runId())).as("host processes of the run").isEmpty();
        assertThat(HostView.newZombieChildren(zombiesBefore, Duration.ofSeconds(2))).as("unreaped children of skillbox")
                .isEmpty();
    }

    @Test
    void cannotSignalHostProcesses(@TempDir Path dir) throws Exception {
        Process victim = new ProcessBuilder("sleep", "60").start();
        try {
            // The skill ignores SIGTERM: the pid 1 it aims at is its own on the OCI tiers, and gVisor, unlike Linux,
            // delivers a default-action signal to a namespace's init from inside it. Nothing of the attack changes.
            Path bundle = TestSkills.python(dir, "{ timeout: 10s }", """
                    import json, os, signal, sys
                    signal.signal(signal.SIGTERM, signal.SIG_IGN)
                    pid = json.load(sys.stdin)["pid"]
                    out = {}
                    for target in [pid, -1, 1]:
                        try:
                            os.kill(target, signal.SIGKILL if target != 1 else signal.SIGTERM)
                            out[str(target)] = "SENT"
                        except OSError as e:
                            out[str(target)] = type(e).__name__
                    json.dump(out, sys.stdout)
                    """);

            RunResult r = run(bundle, Map.of("pid", victim.pid()));

            assertThat(json(r).path(Long.toString(victim.pid())).asString()).isEqualTo("ProcessLookupError");
            assertThat(victim.isAlive()).as("host process survived").isTrue();
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void runsUnprivilegedAsSeenFromTheHost(@TempDir Path dir) throws Exception {
        String token = token();
        Path bundle = TestSkills.python(dir, "{ timeout: 20s }", """
                import json, os, subprocess, sys
                token = json.load(sys.stdin)["token"]
                out = {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups()}
                for cmd in (["unshare", "-U", "-r", "true"], ["unshare", "-m", "true"], ["unshare", "-n", "true"]):
                    out[" ".join(cmd)] = subprocess.run(cmd, capture_output=True).returncode
                try:
                    os.setuid(0)
                    out["setuid"] = "ROOT"
                except OSError as e:
                    out["setuid"] = e.errno
                # Stay alive for the host to inspect, with the token in our command line; tell it our run id.
                with open("/work/" + token, "w") as f:
                    f.write(os.environ["SKILLBOX_RUN_ID"])
                subprocess.run(["/bin/sh", "-c", "sleep 3; :", token])
                json.dump(out, sys.stdout)
                """);

        CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> run(bundle, Map.of("token", token)));
        if (TIER == Isolation.GVISOR) {
            assertGvisorHostProcessesUnprivileged(HostView.awaitRunId(token, Duration.ofSeconds(15)), token);
        } else {
            HostView.Proc seen = awaitProcess(token, Duration.ofSeconds(15));
            String sandboxNet = HostView.namespace(seen.pid(), "net").orElseThrow();
            String sandboxMnt = HostView.namespace(seen.pid(), "mnt").orElseThrow();

            assertThat(seen.hostUid()).as("host uid").isGreaterThanOrEqualTo(HostSlots.DEFAULT_BASE);
            assertThat(seen.status().get("CapEff")).isEqualTo("0000000000000000");
            assertThat(seen.status().get("CapPrm")).isEqualTo("0000000000000000");
            assertThat(seen.status().get("CapBnd")).isEqualTo("0000000000000000");
            assertThat(seen.status().get("NoNewPrivs")).isEqualTo("1");
            assertThat(seen.status().get("Seccomp")).isEqualTo("2");
            assertThat(seen.status().get("NSpid").split("\\s+")).as("in its own pid namespace").hasSizeGreaterThan(1);
            assertThat(sandboxNet).isNotEqualTo(HostView.hostNamespace("net"));
            assertThat(sandboxMnt).isNotEqualTo(HostView.hostNamespace("mnt"));
        }
        RunResult r = running.join();

        JsonNode out = json(r);
        assertThat(out.path("uid").asInt()).isEqualTo(1000);
        assertThat(out.path("unshare -U -r true").asInt()).isNotZero();
        assertThat(out.path("unshare -m true").asInt()).isNotZero();
        assertThat(out.path("unshare -n true").asInt()).isNotZero();
        // EINVAL: uid 0 does not even exist in the sandbox's user namespace; EPERM: no CAP_SETUID.
        assertThat(out.path("setuid").asInt()).isIn(1, 22);
    }

    @Test
    void blockedSyscallsFail(@TempDir Path dir) throws Exception {
        awaitReleased(); // an earlier test's run may still be unmounting
        long mountsBefore = Files.readAllLines(Path.of("/proc/self/mountinfo")).size();
        Path bundle = TestSkills.python(dir, "{ timeout: 10s }", """
                import ctypes, json, sys
                libc = ctypes.CDLL(None, use_errno=True)
                calls = {  # x86_64 numbers
                    "mount": (165, b"none", b"/tmp", b"tmpfs", 0, 0), "umount2": (166, b"/proc", 2),
                    "unshare_user": (272, 0x10000000), "unshare_mnt": (272, 0x00020000), "setns": (308, 0, 0),
                    "keyctl": (250, 0, 0), "add_key": (248, b"user", b"k", b"v", 1, -4), "request_key": (249, b"user", b"k", 0, 0),
                    "bpf": (321, 0, 0, 0), "ptrace": (101, 0, 0, 0, 0), "perf_event_open": (298, 0, 0, -1, -1, 0),
                    "kexec_load": (246, 0, 0, 0, 0), "userfaultfd": (323, 0), "io_uring_setup": (425, 1, 0),
                    "init_module": (175, 0, 0, 0), "pivot_root": (155, b"/tmp", b"/tmp"), "chroot": (161, b"/tmp"),
                    "clone_newuser": (56, 0x10000000 | 17, 0, 0, 0, 0),
                }
                out = {}
                for name, args in calls.items():
                    rc = libc.syscall(*[ctypes.c_long(a) if isinstance(a, int) else ctypes.c_char_p(a) for a in args])
                    out[name] = {"rc": rc, "errno": ctypes.get_errno()}
                json.dump(out, sys.stdout)
                """);

        RunResult r = run(bundle, Map.of());

        JsonNode out = json(r);
        for (String name : List.of("mount", "umount2", "unshare_user", "unshare_mnt", "setns", "keyctl", "add_key",
                "request_key", "bpf", "ptrace", "perf_event_open", "kexec_load", "userfaultfd", "io_uring_setup",
                "init_module", "pivot_root", "chroot", "clone_newuser")) {
            assertThat(out.path(name).path("rc").asInt()).as(name + " " + out.path(name)).isEqualTo(-1);
            assertThat(out.path(name).path("errno").asInt()).as(name).isIn(1, 38); // EPERM, ENOSYS
        }
        awaitReleased();
        assertThat(Files.readAllLines(Path.of("/proc/self/mountinfo")).size()).isEqualTo(mountsBefore);
    }

    /**
     * gVisor: the skill's processes are tasks of the Sentry, so none is a host process; the host sees the Sentry,
     * its ptrace stubs and the Gofer, and each of those must be as powerless on the host as the namespaces tier's
     * skill: never host uid 0, only gVisor's {@code nobody} (Sentry, stubs) or the container root's host uid that
     * owns nothing (Gofer); no_new_privs and a seccomp filter; and whatever capabilities gVisor keeps for itself
     * (the Sentry CAP_SYS_ADMIN for its chroot, the Gofer file capabilities) held in a user namespace of the
     * sandbox's own, so they reach only what that namespace owns, nothing of the host's; own network and mount
     * namespaces.
     */
    private static void assertGvisorHostProcessesUnprivileged(String runId, String token) throws InterruptedException {
        List<HostView.Proc> procs = HostView.processesOfRun(runId);
        for (int i = 0; i < 20; i++) { // while the skill's `sh -c 'sleep 3' TOKEN` runs
            assertThat(HostView.processesWith(token)).as("the skill's processes are not host processes").isEmpty();
            Thread.sleep(50);
        }
        assertThat(procs).as("host processes of run %s", runId)
                .anySatisfy(p -> assertThat(p.cmdline()).startsWith("runsc-sandbox"))
                .anySatisfy(p -> assertThat(p.cmdline()).startsWith("runsc-gofer"));
        for (HostView.Proc p : procs) {
            assertThat(p.hostUid()).as("host uid of %s", p.cmdline())
                    .isIn((long) GVISOR_NOBODY, (long) HostSlots.DEFAULT_BASE - 1);
            assertThat(p.status().get("NoNewPrivs")).as(p.cmdline()).isEqualTo("1");
            assertThat(p.status().get("Seccomp")).as(p.cmdline()).isEqualTo("2");
            // A stub of a process that just exited may be gone already; every process still there is checked.
            for (String kind : List.of("user", "net", "mnt")) {
                HostView.namespace(p.pid(), kind).ifPresent(ns -> assertThat(ns).as("%s namespace of %s", kind, p.cmdline())
                        .isNotEqualTo(HostView.hostNamespace(kind)));
            }
        }
    }

    private static HostView.Proc awaitProcess(String token, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<HostView.Proc> procs = HostView.processesWith(token);
            if (!procs.isEmpty()) {
                return procs.getFirst();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the sandboxed process never appeared");
    }
}
