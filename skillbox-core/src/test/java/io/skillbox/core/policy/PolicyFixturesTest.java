package io.skillbox.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.FixtureFile;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import io.skillbox.spec.Isolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every {@code fixtures/policy/good/*.yaml} loads; every {@code bad/*.yaml} is refused as its
 * {@code # expect:} lines state. Plus the deep-merge rules and the built-in default itself.
 */
class PolicyFixturesTest {
    @TempDir
    Path temp;

    static Stream<Arguments> fixtures() {
        return Stream.concat(
                FixtureFile.list("fixtures/policy/good").stream().map(p -> Arguments.of("good/" + p.getFileName(), p, true)),
                FixtureFile.list("fixtures/policy/bad").stream().map(p -> Arguments.of("bad/" + p.getFileName(), p, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixture(String name, Path fixture, boolean good) {
        if (good) {
            Policy policy = PolicyLoader.load(fixture);
            assertThat(policy.source()).isEqualTo(fixture.toAbsolutePath().toString());
        } else {
            SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> PolicyLoader.load(fixture));
            assertThat(e).as("%s must be refused", name).isNotNull();
            FixtureFile.read(fixture).assertRefusal(e, ErrorCode.INVALID_POLICY);
        }
    }

    @Test
    void theBuiltinDefaultIsTheDocumentedOne() {
        Policy p = PolicyLoader.builtin();
        assertThat(p.source()).isEqualTo("builtin:default");
        assertThat(p.defaults()).isEqualTo(new Policy.ResourceValues(256L << 20, 1000, 128, Duration.ofSeconds(30),
                1L << 20, 64L << 20, 64L << 20));
        assertThat(p.ceilings()).isEqualTo(new Policy.ResourceValues(4L << 30, 2000, 1024, Duration.ofMinutes(10),
                64L << 20, 2L << 30, 1L << 30));
        assertThat(p.defaultIsolation()).isEqualTo(Isolation.NAMESPACES);
        assertThat(p.allowedIsolation()).containsExactlyInAnyOrder(Isolation.values());
        assertThat(p.defaultNetworkMode()).isEqualTo("none");
        assertThat(p.allowedNetworkModes()).isEqualTo(Set.of("none", "broker", "allowlist"));
        assertThat(p.filesystem().systemPaths()).hasSize(17).startsWith("/usr", "/bin").contains("/etc/python3.11");
        assertThat(p.filesystem().blockedPaths()).hasSize(19).contains(Path.of("/root"), Path.of("/var/lib/skillbox"));
        assertThat(p.seccompProfile()).isEqualTo("builtin:default");
        assertThat(p.artifacts()).isEqualTo(new Policy.Artifacts(64, 16L << 20));
        assertThat(p.sandbox()).isEqualTo(new Policy.Sandbox(1000, 1000, "skillbox"));
        assertThat(PolicyLoader.builtin()).isSameAs(p);
    }

    @Test
    void anEmptyFileIsTheBuiltinDefault() throws IOException {
        Policy p = PolicyLoader.load(Files.writeString(temp.resolve("p.yaml"), "# nothing to change\n"));
        assertThat(p).usingRecursiveComparison().ignoringFields("source").isEqualTo(PolicyLoader.builtin());
    }

    @Test
    void mappingsMergeKeyByKey() throws IOException {
        Policy p = load("defaults: { resources: { memory: 512Mi } }\n");
        assertThat(p.defaults().memoryBytes()).isEqualTo(512L << 20);
        assertThat(p.defaults().cpuMillis()).isEqualTo(1000);
        assertThat(p.defaults().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.defaultIsolation()).isEqualTo(Isolation.NAMESPACES);
        assertThat(p.ceilings()).isEqualTo(PolicyLoader.builtin().ceilings());
    }

    @Test
    void listsReplaceRatherThanAppend() throws IOException {
        Policy p = load("filesystem: { systemPaths: [/usr] }\nisolation: { allowed: [namespaces, gvisor] }\n");
        assertThat(p.filesystem().systemPaths()).containsExactly("/usr");
        assertThat(p.filesystem().blockedPaths()).isEqualTo(PolicyLoader.builtin().filesystem().blockedPaths());
        assertThat(p.allowedIsolation()).containsExactlyInAnyOrder(Isolation.NAMESPACES, Isolation.GVISOR);
    }

    @Test
    void scalarsReplace() throws IOException {
        Policy p = load("sandbox: { hostname: runner }\nseccomp: { profile: /etc/skillbox/strict.json }\n");
        assertThat(p.sandbox()).isEqualTo(new Policy.Sandbox(1000, 1000, "runner"));
        assertThat(p.seccompProfile()).isEqualTo("/etc/skillbox/strict.json");
    }

    @Test
    void mergeNeverChangesItsInputs() {
        ObjectNode base = (ObjectNode) Json.yaml().readTree("a: { b: 1, c: [1, 2] }\nd: x\n");
        ObjectNode overlay = (ObjectNode) Json.yaml().readTree("a: { c: [3] }\ne: y\n");
        ObjectNode merged = PolicyLoader.merge(base, overlay);
        assertThat(merged).isEqualTo(Json.yaml().readTree("a: { b: 1, c: [3] }\nd: x\ne: y\n"));
        assertThat(base).isEqualTo(Json.yaml().readTree("a: { b: 1, c: [1, 2] }\nd: x\n"));
        merged.withObject("a").put("b", 2);
        assertThat(overlay).isEqualTo(Json.yaml().readTree("a: { c: [3] }\ne: y\n"));
    }

    @Test
    void aMappingOverAScalarReplacesIt() {
        ObjectNode base = (ObjectNode) Json.yaml().readTree("a: 1\n");
        ObjectNode overlay = (ObjectNode) Json.yaml().readTree("a: { b: 2 }\n");
        assertThat(PolicyLoader.merge(base, overlay)).isEqualTo(overlay);
    }

    @Test
    void refusesAMissingOrOversizedFile() throws IOException {
        SkillboxException missing = catchThrowableOfType(SkillboxException.class, () -> PolicyLoader.load(temp.resolve("none.yaml")));
        assertThat(missing.code()).isEqualTo(ErrorCode.INVALID_POLICY);
        assertThat(missing.violations().getFirst().problem()).contains("does not exist");
        Path big = Files.writeString(temp.resolve("big.yaml"), "#".repeat(PolicyLoader.MAX_POLICY_BYTES + 1));
        SkillboxException oversized = catchThrowableOfType(SkillboxException.class, () -> PolicyLoader.load(big));
        assertThat(oversized.violations()).singleElement()
                .satisfies(v -> assertThat(v.problem()).contains("a policy may be at most 262144 bytes"));
    }

    @Test
    void everyRuleHasFixtures() {
        assertThat(FixtureFile.list("fixtures/policy/good")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(FixtureFile.list("fixtures/policy/bad")).hasSizeGreaterThanOrEqualTo(20);
    }

    private Policy load(String yaml) throws IOException {
        return PolicyLoader.load(Files.writeString(temp.resolve("policy.yaml"), yaml));
    }
}
