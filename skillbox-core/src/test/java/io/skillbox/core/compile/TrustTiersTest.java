package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.compileAt;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.compile.CompilerFixtures.PolicyBuilder;
import io.skillbox.core.error.Violation;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.Isolation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundle's trust level narrows tiers and network modes ({@code trust.tiers}), and says so by rule. */
class TrustTiersTest {
    /** external: gvisor only, no network; community: gvisor or namespaces; the rest unlimited. */
    final Policy policy = new PolicyBuilder()
            .tiers("external", List.of(Isolation.GVISOR), List.of("none"))
            .tiers("community", List.of(Isolation.GVISOR, Isolation.NAMESPACES), null)
            .build();

    @Test
    void aTierTheLevelMayNotUseIsRefusedNamingTheRule() {
        List<Violation> violations = violations(compileAt("external", manifest().isolation("namespaces").build(), policy));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("runtime.isolation");
            assertThat(v.problem()).isEqualTo("trust level 'external' may only use isolation gvisor "
                    + "(policy trust.tiers.external.isolation), not namespaces");
            assertThat(v.fix()).contains("runtime.isolation: gvisor").contains("sign the bundle")
                    .contains("trust.tiers.external.isolation");
        });
    }

    @Test
    void aNetworkModeTheLevelMayNotUseIsRefusedNamingTheRule() {
        List<Violation> violations = violations(compileAt("external", manifest().network("allowlist", "example.com:443").build(), policy));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("network.mode");
            assertThat(v.problem()).contains("trust level 'external' may only use network mode none")
                    .contains("(policy trust.tiers.external.network)");
            assertThat(v.fix()).contains("network.mode: none").contains("trust.tiers.external.network");
        });
    }

    @Test
    void aManifestThatAsksForNoTierGetsTheLevelsFirstTierWhenTheDefaultIsNotAllowed() {
        assertThat(spec(compileAt("external", manifest().build(), policy)).isolation()).isEqualTo(Isolation.GVISOR);
        assertThat(spec(compileAt("community", manifest().build(), policy)).isolation())
                .as("the policy default, which the level may use").isEqualTo(Isolation.NAMESPACES);
    }

    @Test
    void higherLevelsAreNotLimited() {
        assertThat(spec(compileAt("reviewed", manifest().isolation("namespaces").network("allowlist", "example.com:443").build(),
                policy)).isolation()).isEqualTo(Isolation.NAMESPACES);
    }

    @Test
    void theGlobalRuleIsReportedAloneWhenBothWouldRefuse() {
        List<Violation> violations = violations(compileAt("external", manifest().isolation("microvm").build(), policy));

        assertThat(violations).singleElement().satisfies(v -> assertThat(v.problem()).contains("isolation.allowed"));
    }

    @Test
    void withoutATrustDecisionTheLowestLevelApplies() {
        assertThat(violations(compile(manifest().isolation("namespaces").build(), policy)))
                .extracting(Violation::problem).singleElement().asString().contains("trust level 'external'");
    }

    @Test
    void aLevelThePolicyDoesNotHaveIsAProgrammingError() {
        assertThatThrownBy(() -> compileAt("gold", manifest().build(), policy))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gold");
    }
}
