package io.skillbox.core.backend;

import static io.skillbox.core.backend.TestSpecs.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a spec demands of a backend. */
class FeatureTest {

    @Test
    void everySpecNeedsTheLimitsSeccompAnUnprivilegedHostUidAndArtifacts() {
        assertThat(Feature.requiredBy(spec(Isolation.NAMESPACES, new NetworkSpec.None()))).contains(
                Feature.MEMORY_LIMIT, Feature.CPU_LIMIT, Feature.PIDS_LIMIT, Feature.WALL_TIMEOUT, Feature.OUTPUT_LIMIT,
                Feature.SCRATCH_LIMIT, Feature.SECCOMP, Feature.UNPRIVILEGED_HOST_UID, Feature.ARTIFACTS,
                Feature.NO_NEW_PRIVILEGES, Feature.DROP_ALL_CAPABILITIES);
    }

    @Test
    void theNetworkModeNeedsExactlyItsOwnFeature() {
        assertThat(Feature.requiredBy(spec(Isolation.NAMESPACES, new NetworkSpec.None())))
                .contains(Feature.NETWORK_NONE).doesNotContain(Feature.NETWORK_BROKER, Feature.NETWORK_ALLOWLIST);
        assertThat(Feature.requiredBy(spec(Isolation.NAMESPACES, new NetworkSpec.Broker(List.of("a/b"), "local"))))
                .contains(Feature.NETWORK_BROKER).doesNotContain(Feature.NETWORK_NONE, Feature.NETWORK_ALLOWLIST);
        assertThat(Feature.requiredBy(spec(Isolation.NAMESPACES, new NetworkSpec.Allowlist(List.of("a:443"), List.of(), new NetworkSpec.EgressLimits(64, 256L << 20, 16384)))))
                .contains(Feature.NETWORK_ALLOWLIST).doesNotContain(Feature.NETWORK_NONE, Feature.NETWORK_BROKER);
    }

    @Test
    void keptCapabilitiesNoLongerNeedDropAll() {
        assertThat(Feature.requiredBy(spec(Isolation.NAMESPACES, new NetworkSpec.None(), List.of("CAP_NET_RAW"))))
                .doesNotContain(Feature.DROP_ALL_CAPABILITIES);
    }

    @Test
    void describeIsHumanWording() {
        assertThat(Feature.NETWORK_ALLOWLIST.describe()).isEqualTo("network allowlist");
    }
}
