package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.policy;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.ContainerProfile;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.Mount;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the compiler makes of a skill-engine skill's runtime (an image reference, literal variables, a link to the
 * scratch), of {@code ceilings.requireLimits}, and of a container profile of the policy.
 */
class ContainerRulesTest {
    private static final Path IMAGE = Path.of("/var/lib/skillbox-images/busybox.tar");
    private static final Policy.Containers IMAGES = new Policy.Containers(Map.of("busybox:1.36", IMAGE), Map.of(),
            Optional.empty(), false);

    private static Manifest withRuntime(Manifest m, Optional<String> reference, Optional<String> profile,
            Map<String, String> env, Optional<String> alias) {
        return new Manifest(m.name(), m.version(), m.description(), m.entrypoint(), m.params(), m.result(),
                new Manifest.Runtime(Optional.empty(), Optional.empty(), reference, profile, env, alias), m.resources(),
                m.network(), m.credentials(), m.files(), m.trust(), m.scripts(), m.provided());
    }

    private static Manifest referencing(String image) {
        return withRuntime(manifest().build(), Optional.of(image), Optional.empty(), Map.of(), Optional.empty());
    }

    @Test
    void anImageReferenceIsTheRootThePolicysImagesMapNames() {
        SandboxSpec spec = spec(compile(referencing("busybox:1.36"), policy().withContainers(IMAGES)));

        assertThat(spec.mounts().getFirst()).isEqualTo(new Mount.ImageRoot(IMAGE));
        assertThat(spec.isolation()).isEqualTo(Isolation.GVISOR); // the weakest image tier the fixture policy allows
    }

    @Test
    void anImageReferenceThePolicyDoesNotProvideIsRefusedSayingHowToProvideIt() {
        List<Violation> v = violations(compile(referencing("python:3.12-slim"), policy().withContainers(IMAGES)));

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("runtime.image");
            assertThat(x.problem()).contains("python:3.12-slim").contains("never pulls");
            assertThat(x.fix()).contains("docker save python:3.12-slim -o ").contains("images: { \"python:3.12-slim\":");
        });
    }

    @Test
    void theWorkdirAliasIsALinkToTheScratchAndLiteralVariablesAreSetButNeverOverSkillboxsOwn() {
        Manifest m = withRuntime(manifest().build(), Optional.of("busybox:1.36"), Optional.empty(),
                Map.of("MODE", "fast"), Optional.of("/workdir"));
        SandboxSpec spec = spec(compile(m, policy().withContainers(IMAGES)));

        assertThat(spec.mounts()).contains(new Mount.Symlink("/work", "/workdir"));
        assertThat(spec.process().env()).containsEntry("MODE", "fast").containsEntry("HOME", "/work");
    }

    @Test
    void requireLimitsRefusesASkillThatStatesNoMemoryOrCpus() {
        Policy strict = policy().withContainers(new Policy.Containers(Map.of(), Map.of(), Optional.empty(), true));

        assertThat(violations(compile(manifest().build(), strict))).extracting(Violation::field)
                .containsExactly("resources.memory", "resources.cpus");
        assertThat(violations(compile(manifest().build(), strict)).getFirst().fix())
                .contains("docker.memory in .skill-engine.toml");
        assertThat(compile(manifest().memory(64L << 20).cpuMillis(500).build(), strict))
                .isInstanceOf(CompileResult.Compiled.class);
    }

    private static Policy withProfile(ContainerProfile p, Optional<String> defaultProfile) {
        return policy().withContainers(new Policy.Containers(Map.of("busybox:1.36", IMAGE), Map.of(p.name(), p),
                defaultProfile, true));
    }

    private static final ContainerProfile AGENT = new ContainerProfile("agent", Optional.of("busybox:1.36"),
            Optional.of("/etc/seccomp/kai.json"), Optional.of(48L << 20), Optional.of(500L),
            List.of(new ContainerProfile.Volume("data", "/agent/data")), List.of());

    @Test
    void aProfileGivesItsImageLimitsAndVolumesToASkillThatStatesNone() {
        Manifest m = withRuntime(manifest().build(), Optional.empty(), Optional.of("agent"), Map.of(), Optional.empty());
        SandboxSpec spec = spec(compile(m, withProfile(AGENT, Optional.empty())));

        assertThat(spec.mounts().getFirst()).isEqualTo(new Mount.ImageRoot(IMAGE));
        assertThat(spec.limits().memoryBytes()).isEqualTo(48L << 20);
        assertThat(spec.limits().cpuMillis()).isEqualTo(500L);
        assertThat(spec.mounts()).anyMatch(x -> x instanceof Mount.Bind b && b.target().equals("/agent/data") && b.readOnly());
        assertThat(ProfileRules.seccompProfile(m, withProfile(AGENT, Optional.empty()))).isEqualTo("/etc/seccomp/kai.json");
    }

    @Test
    void theSkillsOwnValuesWinOverTheProfilesAndTheDefaultProfileAppliesToSkillsThatNameNone() {
        Manifest m = manifest().memory(32L << 20).build();
        SandboxSpec spec = spec(compile(m, withProfile(AGENT, Optional.of("agent"))));

        assertThat(spec.limits().memoryBytes()).isEqualTo(32L << 20);
        assertThat(spec.limits().cpuMillis()).isEqualTo(500L);
        assertThat(spec.imageRoot()).isPresent();
    }

    @Test
    void anUnknownProfileAndANetworkUnderAnIsolatedProfileAreRefused() {
        Manifest unknown = withRuntime(manifest().build(), Optional.empty(), Optional.of("nope"), Map.of(), Optional.empty());
        assertThat(violations(compile(unknown, withProfile(AGENT, Optional.empty())))).extracting(Violation::field)
                .contains("runtime.profile");

        Manifest online = manifest().network("allowlist", "api.example.com:443").memory(1L << 20).cpuMillis(100).build();
        assertThat(violations(compile(online, withProfile(AGENT, Optional.of("agent"))))).extracting(Violation::field)
                .contains("network.mode");
        assertThat(ProfileRules.seccompProfile(manifest().build(), policy())).isEqualTo(policy().seccompProfile());
    }
}
