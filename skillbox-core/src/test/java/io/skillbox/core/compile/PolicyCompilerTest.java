package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.BUNDLE;
import static io.skillbox.core.compile.CompilerFixtures.CEILINGS;
import static io.skillbox.core.compile.CompilerFixtures.DEFAULTS;
import static io.skillbox.core.compile.CompilerFixtures.RUN_ID;
import static io.skillbox.core.compile.CompilerFixtures.SECCOMP;
import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.skillbox.core.compile.CompilerFixtures.ManifestBuilder;
import io.skillbox.core.compile.CompilerFixtures.PolicyBuilder;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.ArtifactSpec;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.Limits;
import io.skillbox.spec.Mount;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SkillRef;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The compiler's decisions that are not about mounts, network or the entrypoint: limits, tiers, identity. */
class PolicyCompilerTest {

    @Test
    void aManifestThatAsksForNothingGetsThePolicyDefaults() {
        SandboxSpec spec = spec(compile(manifest().build()));

        assertThat(spec.limits()).isEqualTo(new Limits(DEFAULTS.memoryBytes(), DEFAULTS.cpuMillis(), DEFAULTS.pids(),
                DEFAULTS.timeout(), DEFAULTS.outputBytes(), DEFAULTS.outputBytes(), DEFAULTS.scratchBytes(),
                DEFAULTS.tmpBytes()));
        assertThat(spec.isolation()).isEqualTo(Isolation.NAMESPACES);
        assertThat(spec.network()).isEqualTo(new NetworkSpec.None());
    }

    @Test
    void requestedValuesUnderTheCeilingsAreUsedAsAsked() {
        SandboxSpec spec = spec(compile(manifest().memory(64L << 20).cpuMillis(500).pids(16)
                .timeout(Duration.ofSeconds(10)).output(64L << 10).scratch(8L << 20).build()));

        assertThat(spec.limits()).isEqualTo(new Limits(64L << 20, 500, 16, Duration.ofSeconds(10), 64L << 10,
                64L << 10, 8L << 20, DEFAULTS.tmpBytes()));
    }

    @Test
    void aRequestExactlyAtTheCeilingIsAllowed() {
        SandboxSpec spec = spec(compile(manifest().memory(CEILINGS.memoryBytes()).timeout(CEILINGS.timeout()).build()));

        assertThat(spec.limits().memoryBytes()).isEqualTo(CEILINGS.memoryBytes());
        assertThat(spec.limits().timeout()).isEqualTo(CEILINGS.timeout());
    }

    static Stream<Arguments> resourcesOverTheirCeiling() {
        return Stream.of(
                Arguments.of("memory", (UnaryOperator<ManifestBuilder>) m -> m.memory(2L << 30), "2Gi", "1Gi"),
                Arguments.of("cpus", (UnaryOperator<ManifestBuilder>) m -> m.cpuMillis(2500), "2.5", "2"),
                Arguments.of("pids", (UnaryOperator<ManifestBuilder>) m -> m.pids(513), "513", "512"),
                Arguments.of("timeout", (UnaryOperator<ManifestBuilder>) m -> m.timeout(Duration.ofMinutes(6)), "6m", "5m"),
                Arguments.of("output", (UnaryOperator<ManifestBuilder>) m -> m.output(9L << 20), "9Mi", "8Mi"),
                Arguments.of("scratch", (UnaryOperator<ManifestBuilder>) m -> m.scratch(1L << 30), "1Gi", "512Mi"));
    }

    @ParameterizedTest(name = "resources.{0}")
    @MethodSource("resourcesOverTheirCeiling")
    void aResourceOverItsCeilingIsRefusedNamingTheFieldTheCeilingAndTheFix(String resource,
            UnaryOperator<ManifestBuilder> ask, String asked, String ceiling) {
        List<Violation> violations = violations(compile(ask.apply(manifest()).build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("resources." + resource);
            assertThat(v.problem()).contains(asked).contains("ceiling " + ceiling);
            assertThat(v.fix()).contains("at most " + ceiling).contains("ceilings.resources." + resource);
        });
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        List<Violation> violations = violations(compile(manifest()
                .memory(2L << 30)
                .pids(10_000)
                .isolation("microvm")
                .network("broker")
                .hosts("example.com:443")
                .entrypoint("../outside.sh")
                .build()));

        assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrder(
                "resources.memory", "resources.pids", "runtime.isolation", "network.hosts", "entrypoint[0]");
    }

    @Test
    void anIsolationTierThePolicyDoesNotAllowIsRefused() {
        List<Violation> violations = violations(compile(manifest().isolation("microvm").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("runtime.isolation");
            assertThat(v.problem()).contains("'microvm'").contains("[namespaces, gvisor]");
            assertThat(v.fix()).contains("isolation.allowed");
        });
    }

    @Test
    void anAllowedIsolationTierIsCarriedIntoTheSpec() {
        assertThat(spec(compile(manifest().isolation("gvisor").build())).isolation()).isEqualTo(Isolation.GVISOR);
    }

    @Test
    void theDefaultTierIsRefusedWhenThePolicyDoesNotAllowIt() {
        List<Violation> violations = violations(compile(manifest().build(),
                new PolicyBuilder().allowedIsolation(Isolation.GVISOR).build()));

        assertThat(violations).extracting(Violation::field).containsExactly("runtime.isolation");
    }

    @Test
    void anImageReplacesTheHostsSystemDirectoriesAndRaisesTheDefaultTierToTheWeakestThatCanShowIt() {
        // The fixture policy allows namespaces and gvisor: container would be next, but is not allowed.
        SandboxSpec spec = spec(compile(manifest().image("image.tar").build()));

        assertThat(spec.isolation()).isEqualTo(Isolation.GVISOR);
        assertThat(spec.mounts().getFirst()).isEqualTo(new Mount.ImageRoot(BUNDLE.resolve("image.tar")));
        assertThat(spec.imageRoot()).isPresent();
        assertThat(spec.mounts()).noneMatch(m -> m instanceof Mount.Bind b && b.source().startsWith("/usr"))
                .noneMatch(m -> m instanceof Mount.Symlink);
        assertThat(spec.mounts()).anyMatch(m -> m.target().equals("/skill"));
    }

    @Test
    void anImageOnTheNamespacesTierIsRefusedNamingTheFix() {
        List<Violation> violations = violations(compile(manifest().image("image.tar").isolation("namespaces").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("runtime.image");
            assertThat(v.fix()).contains("runtime.isolation: container");
        });
    }

    @Test
    void theEnvironmentIsExactlyTheDocumentedSet() {
        SandboxSpec spec = spec(compile(manifest().name("demo").build()));

        assertThat(spec.process().env()).containsExactly(
                entry("HOME", "/work"),
                entry("LANG", "C.UTF-8"),
                entry("PATH", "/usr/local/bin:/usr/bin:/bin"),
                entry("PYTHONDONTWRITEBYTECODE", "1"),
                entry("SKILLBOX_RUN_ID", RUN_ID),
                entry("SKILLBOX_SKILL", "demo"),
                entry("TMPDIR", "/tmp"));
    }

    @Test
    void uidGidAndHostnameComeFromThePolicy() {
        SandboxSpec spec = spec(compile(manifest().build(), new PolicyBuilder().sandbox(4242, 4343, "box-7").build()));

        assertThat(spec.process().uid()).isEqualTo(4242);
        assertThat(spec.process().gid()).isEqualTo(4343);
        assertThat(spec.hostname()).isEqualTo("box-7");
    }

    @Test
    void theProcessRunsInWorkWithNoCapabilitiesNoNewPrivilegesAndTheGivenSeccompProfile() {
        SandboxSpec spec = spec(compile(manifest().build()));

        assertThat(spec.process().workdir()).isEqualTo("/work");
        assertThat(spec.privileges().capabilities()).isEmpty();
        assertThat(spec.privileges().noNewPrivileges()).isTrue();
        assertThat(spec.privileges().seccomp()).isSameAs(SECCOMP);
    }

    @Test
    void runIdSkillAndArtifactCapsAreCarriedIntoTheSpec() {
        SandboxSpec spec = spec(compile(manifest().name("demo").build()));

        assertThat(spec.runId()).isEqualTo(RUN_ID);
        assertThat(spec.skill()).isEqualTo(new SkillRef("demo", "1.0.0", BUNDLE));
        assertThat(spec.artifacts()).isEqualTo(new ArtifactSpec("/work/out", 64, 16L << 20));
    }
}
