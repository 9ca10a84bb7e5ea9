package io.skillbox.linux.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A runtime's leftovers come to skillbox, a child subreaper, and are reaped by their process group: those still
 * exiting are waited for, and a child of another group is left to its own waiter.
 */
class OrphansTest {
    @Test
    void reapsWhatTheGroupLeaderLeftAndNothingElse() {
        Libc.becomeChildSubreaper();
        try (Spawner spawner = new Spawner()) {
            int other = spawner.spawn("/bin/true", List.of("true"), List.of(), List.of(), Optional.empty());
            // The leader exits at once; its two background children outlive it and come to this process.
            int leader = spawner.spawn("/bin/sh", List.of("sh", "-c", "sleep 0.3 & sleep 0.05 & exit 0"), List.of(),
                    List.of(), Optional.empty());
            assertThat(Libc.exitCode(Libc.waitpid(leader))).isZero();

            assertThat(Orphans.reapGroupOf(leader)).as("both orphans, the slower one waited for").isEqualTo(2);
            assertThat(Libc.reapGroupMember(leader)).as("no child of the group is left").isEqualTo(-1);
            assertThat(Libc.exitCode(Libc.waitpid(other))).as("the other group's child was not taken").isZero();
        }
    }
}
