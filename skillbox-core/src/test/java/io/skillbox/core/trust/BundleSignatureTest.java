package io.skillbox.core.trust;

import static io.skillbox.core.trust.TrustFixtures.ACME;
import static io.skillbox.core.trust.TrustFixtures.MALLORY;
import static io.skillbox.core.trust.TrustFixtures.bundle;
import static io.skillbox.core.trust.TrustFixtures.load;
import static io.skillbox.core.trust.TrustFixtures.publisher;
import static io.skillbox.core.trust.TrustFixtures.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Bundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** Sign a bundle, then change it in every way: each change must make the signature fail. */
class BundleSignatureTest {
    @TempDir
    Path temp;
    Path dir;
    final TrustPolicy policy = TrustFixtures.policy(publisher("acme", ACME, "reviewed"));

    @BeforeEach
    void signed() {
        dir = bundle(temp.resolve("b"));
        sign(dir, ACME);
    }

    private SignatureCheck check() {
        Bundle b = load(dir);
        return SignatureCheck.of(SignatureFile.read(b.root()), BundleHash.of(b), b.manifest());
    }

    private TrustResult evaluate() {
        return TrustGate.evaluate(load(dir), policy);
    }

    @Test
    void aFreshSignatureIsValidAndGrantsThePublishersLevel() throws IOException {
        assertThat(check().status()).isEqualTo(SignatureStatus.VALID);
        assertThat(evaluate()).isInstanceOfSatisfying(TrustResult.Trusted.class, t -> {
            assertThat(t.decision().level()).isEqualTo("reviewed");
            assertThat(t.decision().publisher()).contains("acme");
            assertThat(t.decision().status()).isEqualTo(SignatureStatus.VALID);
            assertThat(t.decision().keyId()).contains(Ed25519.keyId(ACME.getPublic()));
            assertThat(t.decision().bundleHash()).isEqualTo(BundleHash.of(dir));
        });
        assertThat(Files.getPosixFilePermissions(dir.resolve(BundleHash.SIGNATURE_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(Files.list(dir)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void theFileHoldsTheDocumentedFields() throws IOException {
        ObjectNode doc = (ObjectNode) Json.json().readTree(Files.readString(dir.resolve(BundleHash.SIGNATURE_FILE)));

        assertThat(doc.propertyNames()).containsExactly("format", "bundleHash", "skill", "publicKey", "keyId", "signedAt", "signature");
        assertThat(doc.get("format").stringValue()).isEqualTo("skillbox-signature/v1");
        assertThat(doc.get("skill").get("name").stringValue()).isEqualTo("acme/greeter");
        assertThat(doc.get("skill").get("version").stringValue()).isEqualTo("1.2.0");
        assertThat(doc.get("publicKey").stringValue()).isEqualTo(Ed25519.toText(ACME.getPublic()));
        assertThat(doc.get("signedAt").stringValue()).isEqualTo("2026-11-23T20:00:00Z");
    }

    @Test
    void aSignatureByAnotherKeyIsUnknownAndRefusedAsTampered() {
        sign(dir, MALLORY);

        assertThat(check().status()).as("valid as a signature").isEqualTo(SignatureStatus.VALID);
        assertThat(evaluate()).isInstanceOfSatisfying(TrustResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.UNTRUSTED);
            assertThat(r.violations()).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("(bundle)/skillbox.sig");
                assertThat(v.problem()).contains(Ed25519.keyId(MALLORY.getPublic())).contains("not in the policy's trust.publishers")
                        .contains("trust.tampered: refuse");
                assertThat(v.fix()).contains("trust.publishers").contains(Ed25519.toText(MALLORY.getPublic()));
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"content", "mode", "add", "remove", "rename", "move", "link", "empty-dir", "dir-mode"})
    void anyChangeToTheBundleInvalidatesTheSignature(String change) throws IOException {
        Tamper.apply(change, dir);

        SignatureCheck check = check();

        assertThat(check.status()).isEqualTo(SignatureStatus.INVALID);
        assertThat(check.problem().orElseThrow()).contains("does not match the hash").contains("after signing");
        assertThat(evaluate()).isInstanceOfSatisfying(TrustResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.UNTRUSTED);
            assertThat(r.message()).contains("content hash").contains("does not match");
            assertThat(r.violations().getFirst().fix()).contains("restore").contains("re-sign").contains("skillbox sign");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"format", "bundleHash", "skill.name", "skill.version", "publicKey", "keyId", "signature",
            "extra field", "not json", "empty", "symlink", "directory"})
    void anEditedSignatureFileIsInvalid(String edit) throws IOException {
        editSignature(edit);

        SignatureCheck check = check();

        assertThat(check.status()).as(check.problem().orElse("")).isEqualTo(SignatureStatus.INVALID);
        assertThat(check.problem()).hasValueSatisfying(p -> assertThat(p).contains("skillbox.sig"));
        assertThat(evaluate()).isInstanceOf(TrustResult.Refused.class);
    }

    @Test
    void aPublicKeyReplacedByTheSignersOtherKeyDoesNotVerify() throws IOException {
        Path file = dir.resolve(BundleHash.SIGNATURE_FILE);
        ObjectNode doc = (ObjectNode) Json.json().readTree(Files.readString(file));
        doc.put("publicKey", Ed25519.toText(MALLORY.getPublic())).put("keyId", Ed25519.keyId(MALLORY.getPublic()));
        Files.writeString(file, Json.json().writeValueAsString(doc));

        assertThat(check().problem()).hasValueSatisfying(p -> assertThat(p).contains("does not verify"));
    }

    @Test
    void signedAtIsInformationalAndNotCovered() throws IOException {
        Path file = dir.resolve(BundleHash.SIGNATURE_FILE);
        Files.writeString(file, Files.readString(file).replace("2026-11-23T20:00:00Z", "2030-01-01T00:00:00Z"));

        assertThat(check().status()).isEqualTo(SignatureStatus.VALID);
    }

    @Test
    void reSigningAfterAChangeMakesItValidAgain() throws IOException {
        Tamper.apply("content", dir);
        assertThat(check().status()).isEqualTo(SignatureStatus.INVALID);

        sign(dir, ACME);

        assertThat(check().status()).isEqualTo(SignatureStatus.VALID);
    }

    @Test
    void anUnsignedBundleGetsTheLowestLevelByDefault() throws IOException {
        Files.delete(dir.resolve(BundleHash.SIGNATURE_FILE));

        assertThat(check()).isEqualTo(new SignatureCheck(SignatureStatus.UNSIGNED, Optional.empty(), Optional.empty()));
        assertThat(evaluate()).isInstanceOfSatisfying(TrustResult.Trusted.class, t -> {
            assertThat(t.decision().level()).isEqualTo("external");
            assertThat(t.decision().reasons()).containsExactly("unsigned: trust.unsigned grants external");
        });
    }

    @Test
    void theSignedMessageIsTheFormatLineAndTheHash() {
        BundleSignature sig = SignatureFile.read(load(dir).root()) instanceof SignatureFile.Present p ? p.signature() : null;

        assertThat(sig).isNotNull();
        assertThat(Ed25519.verify(ACME.getPublic(), ("skillbox-bundle-signature/v1\n" + BundleHash.of(dir)).getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(sig.signature()))).isTrue();
    }

    private void editSignature(String edit) throws IOException {
        Path file = dir.resolve(BundleHash.SIGNATURE_FILE);
        ObjectNode doc = (ObjectNode) Json.json().readTree(Files.readString(file));
        switch (edit) {
            case "format" -> doc.put("format", "skillbox-signature/v2");
            case "bundleHash" -> doc.put("bundleHash", "sha256:" + "0".repeat(64));
            case "skill.name" -> doc.withObject("skill").put("name", "acme/other");
            case "skill.version" -> doc.withObject("skill").put("version", "9.9.9");
            case "publicKey" -> doc.put("publicKey", "ed25519:AAAA");
            case "keyId" -> doc.put("keyId", "sha256:0000000000000000");
            case "signature" -> doc.put("signature", flipFirst(doc.get("signature").stringValue()));
            case "extra field" -> doc.put("level", "builtin");
            default -> {
                // whole-file edits below
            }
        }
        switch (edit) {
            case "not json" -> Files.writeString(file, "signed, trust me\n");
            case "empty" -> Files.writeString(file, "");
            case "symlink" -> {
                Files.move(file, dir.resolve("lib/real.sig"));
                Files.createSymbolicLink(file, Path.of("lib/real.sig"));
            }
            case "directory" -> {
                Files.delete(file);
                Files.setPosixFilePermissions(Files.createDirectory(file), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            default -> Files.writeString(file, Json.json().writeValueAsString(doc));
        }
    }

    private static String flipFirst(String base64) {
        char c = base64.charAt(0);
        return (c == 'A' ? 'B' : 'A') + base64.substring(1);
    }
}
