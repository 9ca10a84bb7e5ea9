package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.compileFor;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.compile.CompilerFixtures.PolicyBuilder;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.core.policy.EgressPolicy;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.SandboxSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private static final CredentialPolicy.Provider PROVIDER = new CredentialPolicy.Provider(
            URI.create("http://127.0.0.1:9/"), new CredentialPolicy.Bearer(), "env:KEY");

    /** A policy with providers a, b and c/d; agent local holds a and c/d, agent ci holds b. */
    private static Policy brokerPolicy() {
        Policy p = new PolicyBuilder().build();
        return p.withCredentials(new CredentialPolicy(Map.of("a", PROVIDER, "b", PROVIDER, "c/d", PROVIDER),
                Map.of("local", new CredentialPolicy.Agent(List.of("a", "c/d")), "ci", new CredentialPolicy.Agent(List.of("b"))),
                p.credentials().store(), Duration.ofMinutes(5)));
    }

    @Test
    void brokerModeCarriesTheGrantedCredentialsAndTheAgent() {
        SandboxSpec spec = spec(compile(manifest().network("broker").credentials("a", "c/d").build(), brokerPolicy()));

        assertThat(spec.network()).isEqualTo(new NetworkSpec.Broker(List.of("a", "c/d"), "local"));
        assertThat(spec.process().env()).containsEntry("SKILLBOX_BROKER_URL", "http://127.0.0.1:" + NetworkSpec.BROKER_PORT)
                .doesNotContainKeys("SKILLBOX_TOKEN", "HTTP_PROXY");
    }

    @Test
    void eachCapabilityWithoutAProviderOrAGrantIsNamed() {
        List<Violation> violations = violations(compile(
                manifest().network("broker").credentials("a", "b", "nope").build(), brokerPolicy()));

        assertThat(violations).extracting(Violation::field).containsExactly("credentials[1]", "credentials[2]");
        assertThat(violations.get(0).problem()).contains("agent 'local' may not grant 'b'");
        assertThat(violations.get(1).problem()).contains("'nope' has no provider");
    }

    @Test
    void anotherAgentGetsItsOwnGrants() {
        SandboxSpec spec = spec(compileFor("ci", manifest().network("broker").credentials("b").build(), brokerPolicy()));
        assertThat(spec.network()).isEqualTo(new NetworkSpec.Broker(List.of("b"), "ci"));

        List<Violation> violations = violations(compileFor("ghost", manifest().network("broker").credentials("b").build(),
                brokerPolicy()));
        assertThat(violations).singleElement().satisfies(v -> assertThat(v.problem()).contains("agent 'ghost'"));
    }

    @Test
    void allowlistModeCarriesTheHostsThePolicysAddressesAndLimits() {
        Policy policy = new PolicyBuilder().build().withEgress(new EgressPolicy(List.of("*:443"), List.of("127.0.0.1/32"),
                new NetworkSpec.EgressLimits(9, 1000, 4096)));
        SandboxSpec spec = spec(compile(manifest().network("allowlist", "api.example.com:443", "*.example.org:443").build(),
                policy));

        assertThat(spec.network()).isEqualTo(new NetworkSpec.Allowlist(List.of("api.example.com:443", "*.example.org:443"),
                List.of("127.0.0.1/32"), new NetworkSpec.EgressLimits(9, 1000, 4096)));
        assertThat(spec.process().env()).containsEntry("HTTPS_PROXY", "http://127.0.0.1:" + NetworkSpec.PROXY_PORT)
                .containsEntry("http_proxy", "http://127.0.0.1:" + NetworkSpec.PROXY_PORT)
                .containsKey("JAVA_TOOL_OPTIONS");
        assertThat(spec.process().env().get("JAVA_TOOL_OPTIONS")).contains("-Dhttps.proxyPort=" + NetworkSpec.PROXY_PORT);
    }

    @Test
    void eachHostOutsideThePolicysHostsIsNamed() {
        Policy policy = new PolicyBuilder().build().withEgress(new EgressPolicy(List.of("*.example.com:443", "api.test:80"),
                List.of(), new NetworkSpec.EgressLimits(9, 1000, 4096)));
        List<Violation> violations = violations(compile(manifest().network("allowlist", "a.example.com:443",
                "example.com:443", "api.test:8080", "*.test:80", "bad name:1").build(), policy));

        assertThat(violations).extracting(Violation::field)
                .containsExactly("network.hosts[1]", "network.hosts[2]", "network.hosts[3]", "network.hosts[4]");
        assertThat(violations.get(0).problem()).contains("'example.com:443' is outside the policy's network.hosts");
    }
}
