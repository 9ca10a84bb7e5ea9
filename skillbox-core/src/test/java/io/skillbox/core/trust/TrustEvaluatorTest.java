package io.skillbox.core.trust;

import static io.skillbox.core.trust.TrustFixtures.ACME;
import static io.skillbox.core.trust.TrustFixtures.MALLORY;
import static io.skillbox.core.trust.TrustFixtures.NOW;
import static io.skillbox.core.trust.TrustFixtures.manifest;
import static io.skillbox.core.trust.TrustFixtures.publisher;
import static io.skillbox.core.trust.TrustFixtures.withRevocations;
import static io.skillbox.core.trust.TrustFixtures.withTreatments;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trust decision as a pure function: revocations first, then the signature, then the manifest's declaration. */
class TrustEvaluatorTest {
    static final String HASH = "sha256:" + "ab".repeat(32);
    static final String OTHER_HASH = "sha256:" + "cd".repeat(32);
    static final Manifest GREETER = manifest("acme/greeter", "1.2.0", Optional.empty());
    final TrustPolicy policy = TrustFixtures.policy(publisher("acme", ACME, "reviewed"), publisher("core", MALLORY, "builtin"));

    static SignatureFile signedBy(KeyPair key, Manifest m) {
        return new SignatureFile.Present(BundleSignature.create(HASH, m, key.getPrivate(), NOW));
    }

    private static TrustResult evaluate(SignatureFile sig, Manifest m, TrustPolicy p, List<Revocations.Listed> files) {
        return TrustEvaluator.evaluate(HASH, sig, m, p, files);
    }

    private static TrustDecision trusted(TrustResult r) {
        assertThat(r).as("trusted, not refused").isInstanceOf(TrustResult.Trusted.class);
        return ((TrustResult.Trusted) r).decision();
    }

    private static TrustResult.Refused refused(TrustResult r) {
        assertThat(r).as("refused, not trusted").isInstanceOf(TrustResult.Refused.class);
        return (TrustResult.Refused) r;
    }

    @Test
    void aRevokedHashIsRefusedNamingTheEntryAndItsReason() {
        TrustPolicy p = withRevocations(policy, new Revocation.ByBundleHash(OTHER_HASH, "other"),
                new Revocation.ByBundleHash(HASH, "exfiltrated ~/.ssh in run 42"));

        TrustResult.Refused r = refused(evaluate(signedBy(ACME, GREETER), GREETER, p, List.of()));

        assertThat(r.code()).isEqualTo(ErrorCode.REVOKED);
        assertThat(r.message()).contains("acme/greeter 1.2.0").contains(HASH).contains("trust.revocations[1]")
                .contains("exfiltrated ~/.ssh in run 42");
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("trust.revocations[1]");
            assertThat(v.problem()).contains("bundle " + HASH);
            assertThat(v.fix()).contains("trust.revocations[1]");
        });
    }

    @Test
    void aRevokedPublisherKeyRevokesEverythingItSigned() {
        TrustPolicy p = withRevocations(policy, new Revocation.ByPublisherKey(Ed25519.toText(ACME.getPublic()), "key leaked"));

        assertThat(refused(evaluate(signedBy(ACME, GREETER), GREETER, p, List.of())).code()).isEqualTo(ErrorCode.REVOKED);
        assertThat(trusted(evaluate(signedBy(MALLORY, GREETER), GREETER, p, List.of())).level()).isEqualTo("builtin");
        assertThat(trusted(evaluate(new SignatureFile.Missing(), GREETER, p, List.of())).level()).isEqualTo("external");
    }

    @Test
    void aRevokedKeyIsRevokedEvenWhereItsSignatureNoLongerMatches() {
        TrustPolicy p = withRevocations(policy, new Revocation.ByPublisherKey(Ed25519.toText(ACME.getPublic()), "key leaked"));

        TrustResult r = TrustEvaluator.evaluate(OTHER_HASH, signedBy(ACME, GREETER), GREETER, p, List.of());

        assertThat(refused(r).code()).isEqualTo(ErrorCode.REVOKED);
    }

    @ParameterizedTest(name = "{0} {1}: revoked={2}")
    @CsvSource(delimiter = ';', textBlock = """
            >=1.0.0 <1.3.0 ; 1.2.0 ; true
            >=1.0.0 <1.2.0 ; 1.2.0 ; false
            1.2.x          ; 1.2.5 ; true
            *              ; 0.0.1 ; true
            =1.2.0         ; 1.2.1 ; false
            """)
    void aSkillIsRevokedByNameWithinItsVersionRange(String range, String version, boolean revoked) {
        Manifest m = manifest("acme/greeter", version, Optional.empty());
        TrustPolicy p = withRevocations(policy, new Revocation.BySkill("acme/greeter", VersionRange.parse(range), "CVE-2026-1"));

        TrustResult r = evaluate(new SignatureFile.Missing(), m, p, List.of());

        assertThat(r instanceof TrustResult.Refused refusal && refusal.code() == ErrorCode.REVOKED).isEqualTo(revoked);
    }

    @Test
    void anotherSkillOfTheSameVersionIsNotRevoked() {
        TrustPolicy p = withRevocations(policy, new Revocation.BySkill("acme/other", VersionRange.ANY, "gone"));

        assertThat(evaluate(new SignatureFile.Missing(), GREETER, p, List.of())).isInstanceOf(TrustResult.Trusted.class);
    }

    @Test
    void entriesFromRevocationFilesCountLikeInlineOnes() {
        List<Revocations.Listed> files = List.of(new Revocations.Listed(
                new Revocation.ByBundleHash(HASH, "auto: 3 contract violations"), "/var/lib/skillbox/revoked.json[0]"));

        TrustResult.Refused r = refused(evaluate(signedBy(ACME, GREETER), GREETER, policy, files));

        assertThat(r.violations()).extracting(Violation::field).containsExactly("/var/lib/skillbox/revoked.json[0]");
    }

    @Test
    void revocationComesBeforeAnInvalidSignature() {
        TrustPolicy p = withRevocations(policy, new Revocation.ByBundleHash(HASH, "bad"));

        TrustResult r = evaluate(new SignatureFile.Malformed("skillbox.sig is not valid JSON"), GREETER, p, List.of());

        assertThat(refused(r).code()).isEqualTo(ErrorCode.REVOKED);
    }

    @Test
    void aPublishersSignatureGrantsItsLevel() {
        TrustDecision d = trusted(evaluate(signedBy(ACME, GREETER), GREETER, policy, List.of()));

        assertThat(d).isEqualTo(new TrustDecision("reviewed", HASH, Optional.of("acme"), SignatureStatus.VALID,
                Optional.of(Ed25519.keyId(ACME.getPublic())),
                List.of("signed by publisher acme (key " + Ed25519.keyId(ACME.getPublic()) + "): trust.publishers grants reviewed")));
    }

    @Test
    void unsignedAndTamperedFollowThePolicy() {
        TrustPolicy lenient = withTreatments(policy, new TrustPolicy.Treatment.Grant("community"),
                new TrustPolicy.Treatment.Grant("external"));
        TrustPolicy strict = withTreatments(policy, new TrustPolicy.Treatment.Refuse(), new TrustPolicy.Treatment.Refuse());
        SignatureFile stranger = signedBy(Ed25519.generate(), GREETER);
        SignatureFile broken = new SignatureFile.Malformed("skillbox.sig is not valid JSON");

        assertThat(trusted(evaluate(new SignatureFile.Missing(), GREETER, lenient, List.of())).level()).isEqualTo("community");
        TrustDecision unknown = trusted(evaluate(stranger, GREETER, lenient, List.of()));
        assertThat(unknown.level()).isEqualTo("external");
        assertThat(unknown.status()).isEqualTo(SignatureStatus.UNKNOWN_KEY);
        assertThat(unknown.publisher()).isEmpty();
        TrustDecision invalid = trusted(evaluate(broken, GREETER, lenient, List.of()));
        assertThat(invalid.status()).isEqualTo(SignatureStatus.INVALID);
        assertThat(invalid.reasons().getFirst()).contains("not valid JSON").contains("trust.tampered grants external");

        TrustResult.Refused unsigned = refused(evaluate(new SignatureFile.Missing(), GREETER, strict, List.of()));
        assertThat(unsigned.code()).isEqualTo(ErrorCode.UNTRUSTED);
        assertThat(unsigned.violations().getFirst().problem()).contains("trust.unsigned: refuse");
        assertThat(unsigned.violations().getFirst().fix()).contains("skillbox sign");
        assertThat(refused(evaluate(broken, GREETER, strict, List.of())).violations().getFirst().problem())
                .contains("trust.tampered: refuse");
    }

    @ParameterizedTest(name = "signed {0}, declares {1}: {2}")
    @CsvSource(delimiter = ';', textBlock = """
            reviewed ; external  ; external
            reviewed ; community ; community
            reviewed ; reviewed  ; reviewed
            reviewed ; builtin   ; reviewed
            unsigned ; builtin   ; external
            unsigned ; reviewed  ; external
            """)
    void theManifestsDeclarationLowersButNeverRaises(String signer, String declared, String expected) {
        Manifest m = manifest("acme/greeter", "1.2.0", Optional.of(new Manifest.Trust(declared, Optional.empty(), Optional.empty())));
        SignatureFile sig = signer.equals("unsigned") ? new SignatureFile.Missing() : signedBy(ACME, m);

        TrustDecision d = trusted(evaluate(sig, m, policy, List.of()));

        assertThat(d.level()).isEqualTo(expected);
        if (!declared.equals(expected)) {
            assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("cannot raise"));
        }
    }

    @Test
    void anUnknownDeclaredLevelNamesTheFieldAndThePolicysLevels() {
        Manifest m = manifest("acme/greeter", "1.2.0", Optional.of(new Manifest.Trust("gold", Optional.empty(), Optional.empty())));

        TrustResult.Refused r = refused(evaluate(new SignatureFile.Missing(), m, policy, List.of()));

        assertThat(r.code()).isEqualTo(ErrorCode.POLICY_VIOLATION);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("trust.level");
            assertThat(v.problem()).contains("'gold'").contains("[builtin, reviewed, community, external]");
            assertThat(v.fix()).contains("builtin, reviewed, community, external");
        });
    }

    @ParameterizedTest(name = "requires_review={0} approved_by={1}: {2}")
    @CsvSource(delimiter = ';', nullValues = "-", textBlock = """
            true  ; -                    ; external
            true  ; '  '                 ; external
            true  ; security@example.com ; reviewed
            false ; -                    ; reviewed
            """)
    void anUnapprovedReviewLowersToTheLowestLevel(boolean requiresReview, String approvedBy, String expected) {
        Manifest m = manifest("acme/greeter", "1.2.0", Optional.of(new Manifest.Trust("reviewed", Optional.of(requiresReview),
                Optional.ofNullable(approvedBy))));

        TrustDecision d = trusted(evaluate(signedBy(ACME, m), m, policy, List.of()));

        assertThat(d.level()).isEqualTo(expected);
    }
}
