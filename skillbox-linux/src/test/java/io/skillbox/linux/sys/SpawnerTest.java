package io.skillbox.linux.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.linux.it.HostView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The spawner's trips into a run's network namespace, with the {@code setns} calls faked so that the
 * failure to return—which the kernel never produces on demand—can be tested.
 */
class SpawnerTest {
    /** Stands for a run's namespace descriptor; the fake never uses it. */
    private static final int RUN_NETNS = 987_654;

    private final List<Integer> entered = new CopyOnWriteArrayList<>();

    @Test
    void returnsToItsOwnNamespaceAfterEachSpawn() throws Exception {
        try (Spawner spawner = new Spawner(entered::add)) {
            Libc.waitpid(spawner.spawn("/bin/true", List.of("true"), List.of(), List.of(), Optional.empty(),
                    OptionalInt.of(RUN_NETNS)));

            assertThat(entered).hasSize(2).first().isEqualTo(RUN_NETNS);
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + entered.get(1))).toString()).as(
                    "the spawner returns to the namespace descriptor it opened at start").startsWith("net:[");
        }
    }

    @Test
    void returnsEvenWhenTheSpawnFails() {
        try (Spawner spawner = new Spawner(entered::add)) {
            assertThatThrownBy(() -> spawner.spawn("/nonexistent/skillbox-it", List.of("x"), List.of(), List.of(),
                    Optional.empty(), OptionalInt.of(RUN_NETNS))).isInstanceOf(NativeException.class);
            assertThat(entered).hasSize(2).doesNotHaveDuplicates();

            Libc.waitpid(spawner.spawn("/bin/true", List.of("true"), List.of(), List.of(), Optional.empty()));
        }
    }

    @Test
    void refusesEveryLaterSpawnOnceItCouldNotReturn() {
        String token = "skillbox-it-" + UUID.randomUUID();
        Spawner.NamespaceSwitch failsToReturn = fd -> {
            entered.add(fd);
            if (fd != RUN_NETNS) {
                throw new NativeException("setns " + fd, NativeException.EINVAL);
            }
        };
        try (Spawner spawner = new Spawner(failsToReturn)) {
            assertThatThrownBy(() -> spawner.spawn("/bin/sh", List.of("sh", "-c", "sleep 100", token), List.of(),
                    List.of(), Optional.empty(), OptionalInt.of(RUN_NETNS)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("could not return")
                    .hasRootCauseInstanceOf(NativeException.class);
            assertThat(HostView.processesWith(token)).as("the child started meanwhile was killed and reaped").isEmpty();

            for (OptionalInt netns : List.of(OptionalInt.empty(), OptionalInt.of(RUN_NETNS))) {
                assertThatThrownBy(() -> spawner.spawn("/bin/true", List.of("true"), List.of(), List.of(),
                        Optional.empty(), netns)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("refuses every later spawn");
            }
            assertThat(entered).as("nothing was attempted after stranding").hasSize(2);
        }
    }
}
