package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.compile.CompilerFixtures.PolicyBuilder;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.NetworkSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network request against the policy: allowed modes, and fields that make sense for the mode. */
class NetworkRulesTest {

    @Test
    void aModeThePolicyDoesNotAllowIsRefusedListingTheAllowedOnes() {
        List<Violation> violations = violations(compile(manifest().network("allowlist", "example.com:443").build(),
                new PolicyBuilder().allowedNetworkModes("none", "broker").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("network.mode");
            assertThat(v.problem()).contains("'allowlist'").contains("[broker, none]");
            assertThat(v.fix()).contains("[broker, none]");
        });
    }

    @Test
    void hostsWithoutAllowlistModeAreRefused() {
        List<Violation> violations = violations(compile(manifest().network("none", "example.com:443").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("network.hosts");
            assertThat(v.fix()).contains("network.mode: allowlist");
        });
    }

    @Test
    void hostsUnderTheDefaultModeAreRefusedToo() {
        List<Violation> violations = violations(compile(manifest().hosts("example.com:443").build()));

        assertThat(violations).extracting(Violation::field).containsExactly("network.hosts");
    }

    @Test
    void allowlistModeWithoutHostsIsRefused() {
        List<Violation> violations = violations(compile(manifest().network("allowlist").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("network.hosts");
            assertThat(v.problem()).contains("reaches nothing");
        });
    }

    @Test
    void credentialsWithoutTheBrokerAreRefused() {
        List<Violation> violations = violations(compile(manifest().credentials("custom/api-key").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("credentials");
            assertThat(v.fix()).contains("network.mode: broker");
        });
    }

    @Test
    void brokerModeCarriesTheCredentialsAsCapabilities() {
        NetworkSpec network = spec(compile(manifest().network("broker").credentials("custom/api-key").build())).network();

        assertThat(network).isEqualTo(new NetworkSpec.Broker(List.of("custom/api-key"), "local"));
    }

    @Test
    void allowlistModeCarriesTheHosts() {
        NetworkSpec network = spec(compile(manifest().network("allowlist", "api.example.com:443", "*.example.org:443")
                .build())).network();

        assertThat(network).isEqualTo(new NetworkSpec.Allowlist(List.of("api.example.com:443", "*.example.org:443"), List.of(), new NetworkSpec.EgressLimits(64, 256L << 20, 16384)));
    }
}
