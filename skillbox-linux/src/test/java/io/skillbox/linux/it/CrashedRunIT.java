package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.linux.host.HostSlots;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.Isolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skillbox is SIGKILLed mid-run, with the skill and its daemon running; the next skillbox to start (here: its
 * slot sweep alone) removes everything that run left on the host: its processes, its cgroups in every
 * hierarchy (those only the runtime made included), the runtime's container state, its bundle directory and
 * mounts. The crashed skillbox runs in a JVM of its own, like a real one.
 */
class CrashedRunIT extends SandboxIT {
    private static final Path STATE = Path.of("/run/skillbox");

    /** The crashing skillbox: runs the skill at {@code args[0]} on the tier under test, and is killed meanwhile. */
    public static void main(String[] args) throws Exception {
        openSkillbox();
        run(Path.of(args[0]), Map.of());
    }

    @Test
    void theNextSkillboxRemovesWhatACrashedOneLeft(@TempDir Path dir) throws Exception {
        String token = token();
        Path bundle = TestSkills.shell(dir, "{ timeout: 60s }",
                "echo \"$SKILLBOX_RUN_ID\" > /work/" + token + "\n(setsid sleep 300 &)\nsleep 300\n");
        Set<Integer> zombiesBefore = HostView.zombieChildren().keySet();
        Process crashing = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dskillbox.it.isolation=" + TIER.wireName(),
                "-cp", System.getProperty("java.class.path"), CrashedRunIT.class.getName(), bundle.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("crashing.log").toFile()).start();
        String runId;
        Path slot;
        try {
            runId = HostView.awaitRunId(token, Duration.ofSeconds(60));
            slot = HostView.scratchOf(token).getParent();
            awaitProcessesOf(runId);
        } finally {
            crashing.destroyForcibly().waitFor();
        }
        // What the crash left: its cgroups and, on the OCI tiers, the skill still running (the runtime is not
        // skillbox's process), the runtime's state and the bundle. (bwrap dies with skillbox, --die-with-parent,
        // and the kernel ends its pid namespace with it.)
        assertThat(cgroupsOf(runId)).as("the run's cgroups after the crash").isNotEmpty();
        assertThat(slot.resolve("journal")).exists();
        if (TIER != Isolation.NAMESPACES) {
            assertThat(HostView.processesOfRun(runId)).as("the run's processes after the crash").isNotEmpty();
            assertThat(Path.of("/run/skillbox/oci", runId)).exists();
            assertThat(runtimeStateOf(runId)).isNotEmpty();
        }

        int swept = new HostSlots(STATE, HostSlots.DEFAULT_BASE, HostSlots.DEFAULT_COUNT).sweepStale();

        assertThat(swept).as("slots the sweep found leftovers in").isGreaterThanOrEqualTo(1);
        assertThat(HostView.processesOfRun(runId)).as("the run's processes").isEmpty();
        assertThat(HostView.processesWith(token)).as("processes naming the run's token").isEmpty();
        assertThat(cgroupsOf(runId)).as("the run's cgroups, in any hierarchy").isEmpty();
        assertThat(runtimeStateOf(runId)).as("the runtime's state of the container").isEmpty();
        assertThat(Path.of("/run/skillbox/oci", runId)).as("the run's bundle directory").doesNotExist();
        assertThat(HostView.mountsContaining(runId)).as("mounts of the run").isEmpty();
        assertThat(HostView.mountsContaining(slot.toString())).as("mounts in the run's slot").isEmpty();
        assertThat(slot.resolve("journal")).as("the slot's journal, once undone").doesNotExist();
        reapNewZombies(zombiesBefore);
    }

    private static void awaitProcessesOf(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (HostView.processesOfRun(runId).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static List<Path> cgroupsOf(String runId) {
        return HostView.runCgroups().stream().filter(p -> p.getFileName().toString().equals("run-" + runId)).toList();
    }

    private static List<Path> runtimeStateOf(String runId) throws Exception {
        List<Path> found = new java.util.ArrayList<>();
        for (String runtime : List.of("runc", "runsc")) {
            Path root = STATE.resolve(runtime);
            if (Files.isDirectory(root)) {
                try (Stream<Path> entries = Files.list(root)) {
                    entries.filter(e -> e.getFileName().toString().contains(runId)).forEach(found::add);
                }
            }
        }
        return found;
    }

    /**
     * The crashed JVM's children (the runtime, bwrap) came to this JVM, a child subreaper, when it died; a real
     * crash hands them to the host's init. Reaped here, so the suite's own zombie checks see none of them.
     */
    private static void reapNewZombies(Set<Integer> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        do {
            for (int pid : HostView.zombieChildren().keySet()) {
                if (!before.contains(pid)) {
                    Libc.waitpid(pid);
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline && HostView.zombieChildren().keySet().stream().anyMatch(p -> !before.contains(p)));
    }
}
