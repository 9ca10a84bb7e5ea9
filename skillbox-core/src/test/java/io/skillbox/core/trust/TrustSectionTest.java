package io.skillbox.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.FixtureFile;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.spec.Isolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's trust section as loaded: the built-in default, the fixtures, the strict example, merging. */
class TrustSectionTest {
    static final Path STRICT = Path.of("../examples/policies/strict.yaml");

    @TempDir
    Path temp;

    @Test
    void theBuiltinDefaultIsTheDocumentedOne() {
        assertThat(PolicyLoader.builtin().trust()).isEqualTo(TrustPolicy.DEFAULT);
        assertThat(TrustPolicy.DEFAULT.levels()).containsExactly("builtin", "reviewed", "community", "external");
        assertThat(TrustPolicy.DEFAULT.unsigned()).isEqualTo(new TrustPolicy.Treatment.Grant("external"));
        assertThat(TrustPolicy.DEFAULT.tampered()).isEqualTo(new TrustPolicy.Treatment.Refuse());
        assertThat(TrustPolicy.DEFAULT.tiers().values()).containsOnly(TrustPolicy.LevelTiers.UNRESTRICTED);
    }

    @Test
    void theFullFixtureResolvesEveryField() {
        TrustPolicy t = load(FixtureFile.list("fixtures/policy/good").stream()
                .filter(p -> p.getFileName().toString().equals("trust-full.yaml")).findFirst().orElseThrow()).trust();

        assertThat(t.publishers()).extracting(TrustPolicy.Publisher::name, TrustPolicy.Publisher::level)
                .containsExactly(org.assertj.core.api.Assertions.tuple("acme-security", "reviewed"),
                        org.assertj.core.api.Assertions.tuple("skillbox-core", "builtin"));
        assertThat(t.publisher("ed25519:HYJL+NC4Ta66DgabS1GHqCybEowi1GjZxRy4pL5DDhw=")).map(TrustPolicy.Publisher::name)
                .contains("acme-security");
        assertThat(t.tiers("external")).isEqualTo(new TrustPolicy.LevelTiers(Optional.of(List.of(Isolation.GVISOR)),
                Optional.of(List.of("none"))));
        assertThat(t.tiers("reviewed")).isEqualTo(TrustPolicy.LevelTiers.UNRESTRICTED);
        assertThat(t.revocations()).extracting(Revocations.Listed::origin)
                .containsExactly("trust.revocations[0]", "trust.revocations[1]", "trust.revocations[2]", "trust.revocations[3]");
        assertThat(t.revocations().get(2).revocation()).isInstanceOfSatisfying(Revocation.BySkill.class,
                s -> assertThat(s.versions().matches("2.0.7")).isTrue());
    }

    @Test
    void customLevelsGiveUnsignedBundlesTheLowest() throws IOException {
        TrustPolicy t = load(Files.writeString(temp.resolve("p.yaml"), "trust: { levels: [internal, public], tampered: refuse }\n")).trust();

        assertThat(t.unsigned()).isEqualTo(new TrustPolicy.Treatment.Grant("public"));
        assertThat(t.lowest()).isEqualTo("public");
        assertThat(t.lower("internal", "public")).isEqualTo("public");
    }

    @Test
    void tiersMergeLevelByLevelOverTheDefault() throws IOException {
        TrustPolicy t = load(Files.writeString(temp.resolve("p.yaml"), "trust: { tiers: { external: { isolation: [gvisor] } } }\n")).trust();

        assertThat(t.tiers("external").isolation()).contains(List.of(Isolation.GVISOR));
        assertThat(t.tiers("external").network()).isEmpty();
        assertThat(t.tiers("community")).isEqualTo(TrustPolicy.LevelTiers.UNRESTRICTED);
    }

    @Test
    void theStrictExampleHoldsExternalToGvisorWithoutNetwork() {
        Policy p = PolicyLoader.load(STRICT);

        assertThat(p.trust().unsigned()).isEqualTo(new TrustPolicy.Treatment.Grant("external"));
        assertThat(p.trust().tampered()).isEqualTo(new TrustPolicy.Treatment.Refuse());
        assertThat(p.trust().tiers("external")).isEqualTo(new TrustPolicy.LevelTiers(Optional.of(List.of(Isolation.GVISOR)),
                Optional.of(List.of("none"))));
    }

    private static Policy load(Path file) {
        return PolicyLoader.load(file);
    }
}
