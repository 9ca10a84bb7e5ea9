package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.backend.Availability;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What doctor and a refused run say about each runtime, from fabricated hosts. */
class OciProbeTest {
    private static final String HYBRID = """
            35 25 0:30 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw
            36 25 0:31 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,memory
            """;
    private static final String PURE_V2 = """
            35 25 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw
            """;

    @Test
    void crunIsRefusedOnHybridHostsWithTheReason() {
        Availability a = OciProbe.probe(OciRuntime.CRUN, Optional.of(Path.of("/bin/true")), HYBRID, true);
        assertThat(a.available()).isFalse();
        assertThat(String.join(" ", a.problems())).contains("cgroup v1 hybrid", "cgroups in hybrid mode not supported");
        assertThat(String.join(" ", a.fixes())).contains("runc");
        assertThat(OciProbe.hybridCgroups(PURE_V2)).isFalse();
        assertThat(OciProbe.hybridCgroups(HYBRID)).isTrue();
    }

    @Test
    void kataNeedsKvm() {
        Availability a = OciProbe.probe(OciRuntime.KATA, Optional.of(Path.of("/bin/true")), PURE_V2, false);
        assertThat(a.available()).isFalse();
        assertThat(String.join(" ", a.problems())).contains("/dev/kvm");
    }

    @Test
    void aMissingRuntimeSaysHowToInstallItAndThatNothingFallsBack() {
        Availability a = OciProbe.probe(OciRuntime.RUNSC, Optional.empty(), PURE_V2, true);
        assertThat(a.available()).isFalse();
        assertThat(String.join(" ", a.problems())).contains("runsc is not installed", "never falls back");
        assertThat(a.fixes()).anyMatch(f -> f.contains("apt-get install runsc"));
    }

    /** On this host (the CI machine): kata is unavailable, with the reason. */
    @Test
    void kataIsUnavailableHere() {
        Availability a = OciProbe.probe(OciRuntime.KATA);
        assertThat(a.available()).isFalse();
        assertThat(a.problems()).isNotEmpty();
    }

    @Test
    void servedNetworksUnderGvisorNeedABootThatSyncsTheUserNamespace() {
        String old = """
                Usage: boot [flags] <container id>
                  -setup-root
                    	if true, set up an empty root for the process
                  -stdio-fds value
                    	list of FDs containing sandbox stdin, stdout, and stderr in that order
                """;
        String current = old + """
                  -sync-userns-fd int
                    	FD to the user namespace sync file (default -1)
                """;
        assertThat(OciProbe.listsSyncUserns(old)).isFalse();
        assertThat(OciProbe.listsSyncUserns(current)).isTrue();
        assertThat(OciProbe.listsSyncUserns("  -sync-userns-fdx int\n")).isFalse();
    }
}
