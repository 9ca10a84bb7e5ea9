package io.skillbox.linux.bwrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.backend.Feature;
import io.skillbox.core.error.Violation;
import io.skillbox.core.network.Listeners;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the backend promises before touching the host: its features, its dry run, and refusing mismatched networks. */
class BwrapBackendTest {
    private static final NetworkSpec ALLOWLIST = new NetworkSpec.Allowlist(List.of("api.example.com:443"), List.of(),
            new NetworkSpec.EgressLimits(64, 256L << 20, 16384));
    private static final NetworkSpec BROKER = new NetworkSpec.Broker(List.of("custom/key"), "local");

    private final BwrapBackend backend = new BwrapBackend(
            new io.skillbox.linux.host.LinuxHost.Config(Path.of("/run/skillbox"), 70000, 8));

    @Test
    void enforcesEveryFeatureIncludingServedNetworksButAnImageRoot() {
        assertThat(backend.features()).isEqualTo(EnumSet.complementOf(EnumSet.of(Feature.IMAGE_ROOTFS)));
    }

    @Test
    void dryRunSaysWhoMakesAndServesTheNetwork() {
        SandboxSpec none = BwrapLoweringTest.pythonSkill();
        assertThat(backend.lower(none).notes()).contains(
                "network: a new namespace made by bwrap, only loopback, nothing served");
        assertThat(backend.lower(BwrapLoweringTest.withNetwork(none, ALLOWLIST)).notes()).contains(
                "host: network namespace made by skillbox, only loopback; 127.0.0.1:3128 inside served by the host "
                        + "(egress proxy); bwrap is started inside it");
        assertThat(backend.lower(BwrapLoweringTest.withNetwork(none, BROKER)).notes()).contains(
                "host: network namespace made by skillbox, only loopback; 127.0.0.1:8077 inside served by the host "
                        + "(credential broker); bwrap is started inside it");
    }

    /** Checked before the host is touched, so these hold on machines without bwrap too. */
    @Test
    void refusesAServedModeThatNoGatewayServes() {
        SandboxSpec allowlist = BwrapLoweringTest.withNetwork(BwrapLoweringTest.pythonSkill(), ALLOWLIST);
        assertThatThrownBy(() -> backend.start(allowlist, new byte[0])).isInstanceOf(IllegalStateException.class)
                .hasMessage("spec asks for network mode allowlist but no gateway serves it");
        assertThatThrownBy(() -> backend.start(allowlist, new byte[0], RunNetwork.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no gateway serves it");
    }

    @Test
    void refusesANetworkToServeForModeNone() {
        assertThatThrownBy(() -> backend.start(BwrapLoweringTest.pythonSkill(), new byte[0], new IdleNetwork()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("mode none");
    }

    /** A gateway's run network that serves nothing. */
    private static final class IdleNetwork implements RunNetwork {
        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public void serve(Listeners listeners) {}

        @Override
        public List<Violation> violations() {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
