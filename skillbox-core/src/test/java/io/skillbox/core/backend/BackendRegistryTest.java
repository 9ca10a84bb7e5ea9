package io.skillbox.core.backend;

import static io.skillbox.core.backend.TestSpecs.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backend selection: explicit, in order of preference, and never a silent fallback. */
class BackendRegistryTest {
    private static final SandboxSpec NAMESPACES_NONE = spec(Isolation.NAMESPACES, new NetworkSpec.None());
    private static final SandboxSpec NAMESPACES_ALLOWLIST = spec(Isolation.NAMESPACES,
            new NetworkSpec.Allowlist(List.of("example.com:443"), List.of(), new NetworkSpec.EgressLimits(64, 256L << 20, 16384)));
    private static final SandboxSpec GVISOR_NONE = spec(Isolation.GVISOR, new NetworkSpec.None());

    private static SkillboxException refusal(BackendRegistry registry, SandboxSpec spec) {
        return catchThrowableOfType(SkillboxException.class, () -> registry.select(spec));
    }

    @Test
    void choosesTheFirstBackendThatIsCapableAndAvailable() {
        FakeBackend first = new FakeBackend("first", Isolation.NAMESPACES);
        FakeBackend second = new FakeBackend("second", Isolation.NAMESPACES);

        assertThat(new BackendRegistry(List.of(first, second)).select(NAMESPACES_NONE)).isSameAs(first);
    }

    @Test
    void skipsBackendsThatLackAFeatureOrAreUnavailable() {
        FakeBackend lacking = new FakeBackend("lacking", Isolation.NAMESPACES).without(Feature.SECCOMP);
        FakeBackend down = new FakeBackend("down", Isolation.NAMESPACES).unavailable(List.of("no bwrap"), List.of("install"));
        FakeBackend capable = new FakeBackend("capable", Isolation.NAMESPACES);

        assertThat(new BackendRegistry(List.of(lacking, down, capable)).select(NAMESPACES_NONE)).isSameAs(capable);
    }

    @Test
    void refusesWithAReasonNamingEachBackendAndEachMissingFeature() {
        FakeBackend bwrap = new FakeBackend("bwrap", Isolation.NAMESPACES)
                .without(Feature.NETWORK_BROKER, Feature.NETWORK_ALLOWLIST);
        FakeBackend other = new FakeBackend("other", Isolation.NAMESPACES)
                .without(Feature.NETWORK_ALLOWLIST, Feature.MEMORY_LIMIT);

        SkillboxException e = refusal(new BackendRegistry(List.of(bwrap, other)), NAMESPACES_ALLOWLIST);

        assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(e.getMessage()).contains("isolation namespaces").contains("network allowlist");
        assertThat(e.violations()).extracting(Violation::field, Violation::problem).containsExactlyInAnyOrder(
                tuple("network.mode", "bwrap cannot enforce network allowlist"),
                tuple("network.mode", "other cannot enforce network allowlist"),
                tuple("resources.memory", "other cannot enforce memory limit"));
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.fix()).isNotBlank());
    }

    @Test
    void anUnavailableBackendsProblemsAndFixesBecomeViolations() {
        FakeBackend down = new FakeBackend("bwrap", Isolation.NAMESPACES).unavailable(
                List.of("bwrap is not installed", "cgroup v2 is not mounted"), List.of("apt-get install bubblewrap"));

        SkillboxException e = refusal(new BackendRegistry(List.of(down)), NAMESPACES_NONE);

        assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(e.violations()).containsExactly(
                new Violation("runtime.isolation", "bwrap is unavailable: bwrap is not installed",
                        "apt-get install bubblewrap"),
                new Violation("runtime.isolation", "bwrap is unavailable: cgroup v2 is not mounted",
                        "see skillbox doctor"));
    }

    @Test
    void noBackendForTheTierGivesAClearMessage() {
        SkillboxException e = refusal(new BackendRegistry(List.of(new FakeBackend("bwrap", Isolation.NAMESPACES))),
                GVISOR_NONE);

        assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("runtime.isolation");
            assertThat(v.problem()).isEqualTo("no backend in this build implements isolation 'gvisor'");
            assertThat(v.fix()).contains("skillbox doctor");
        });
    }

    @Test
    void anEmptyRegistryRefusesEverySpec() {
        SkillboxException e = refusal(new BackendRegistry(List.of()), NAMESPACES_NONE);

        assertThat(e.violations()).extracting(Violation::problem)
                .containsExactly("no backend in this build implements isolation 'namespaces'");
    }

    @Test
    void neverPicksABackendOfAnotherTierEvenWhenTheRightOneIsUnavailable() {
        FakeBackend namespaces = new FakeBackend("bwrap", Isolation.NAMESPACES);
        FakeBackend gvisor = new FakeBackend("runsc", Isolation.GVISOR).unavailable(List.of("runsc is not installed"),
                List.of("apt-get install runsc"));
        BackendRegistry registry = new BackendRegistry(List.of(namespaces, gvisor));

        SkillboxException e = refusal(registry, GVISOR_NONE);

        assertThat(e.violations()).extracting(Violation::problem)
                .containsExactly("runsc is unavailable: runsc is not installed");
        assertThat(namespaces.availabilityCalls()).isZero();
    }

    @Test
    void aBackendImplementingSeveralTiersServesEachOfThem() {
        FakeBackend oci = new FakeBackend("oci", Isolation.CONTAINER, Isolation.GVISOR);

        assertThat(new BackendRegistry(List.of(oci)).select(GVISOR_NONE)).isSameAs(oci);
    }

    @Test
    void candidateIgnoresAvailability() {
        FakeBackend down = new FakeBackend("bwrap", Isolation.NAMESPACES).unavailable(List.of("no bwrap"), List.of("x"));
        BackendRegistry registry = new BackendRegistry(List.of(down));

        assertThat(registry.candidate(NAMESPACES_NONE)).isSameAs(down);
        assertThat(down.availabilityCalls()).isZero();
    }

    @Test
    void candidateStillRefusesMissingFeaturesAndOtherTiers() {
        FakeBackend bwrap = new FakeBackend("bwrap", Isolation.NAMESPACES).without(Feature.NETWORK_ALLOWLIST);
        BackendRegistry registry = new BackendRegistry(List.of(bwrap));

        assertThat(catchThrowableOfType(SkillboxException.class, () -> registry.candidate(NAMESPACES_ALLOWLIST))
                .violations()).extracting(Violation::field).containsExactly("network.mode");
        assertThat(catchThrowableOfType(SkillboxException.class, () -> registry.candidate(GVISOR_NONE)).code())
                .isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
    }

    @Test
    void closeClosesEveryBackend() {
        FakeBackend a = new FakeBackend("a", Isolation.NAMESPACES);
        FakeBackend b = new FakeBackend("b", Isolation.WASM);

        new BackendRegistry(List.of(a, b)).close();

        assertThat(a.closed()).isTrue();
        assertThat(b.closed()).isTrue();
    }
}
