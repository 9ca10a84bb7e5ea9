package io.skillbox.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Revocation entries, the files that hold them, and appending to those files. */
class RevocationFilesTest {
    static final String HASH = "sha256:" + "ab".repeat(32);
    static final String KEY = Ed25519.toText(TrustFixtures.ACME.getPublic());

    @TempDir
    Path temp;

    @Test
    void readsYamlAndJsonLists() throws IOException {
        Path yaml = Files.writeString(temp.resolve("revoked.yaml"), """
                # revoked by hand
                - { bundleHash: "%s", reason: exfiltration }
                - { publisherKey: "%s", reason: key leaked }
                - { skill: acme/greeter, versions: ">=1.0.0 <1.2.0", reason: CVE-2026-1 }
                - { skill: acme/other, reason: abandoned }
                """.formatted(HASH, KEY));
        Path json = Files.writeString(temp.resolve("auto.json"), "[{\"bundleHash\": \"" + HASH + "\", \"reason\": \"auto\"}]");
        Path empty = Files.writeString(temp.resolve("empty.yaml"), "# nothing yet\n");

        List<Revocations.Listed> all = RevocationFiles.read(List.of(yaml, json, empty));

        assertThat(all).extracting(Revocations.Listed::revocation).containsExactly(
                new Revocation.ByBundleHash(HASH, "exfiltration"),
                new Revocation.ByPublisherKey(KEY, "key leaked"),
                new Revocation.BySkill("acme/greeter", VersionRange.parse(">=1.0.0 <1.2.0"), "CVE-2026-1"),
                new Revocation.BySkill("acme/other", VersionRange.ANY, "abandoned"),
                new Revocation.ByBundleHash(HASH, "auto"));
        assertThat(all.get(2).origin()).isEqualTo(yaml + "[2]");
    }

    @Test
    void aMissingFileRefusesNamingThePolicyField() {
        SkillboxException e = catchThrowableOfType(SkillboxException.class,
                () -> RevocationFiles.read(List.of(temp.resolve("none.yaml"))));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("trust.revocationFiles[0]");
            assertThat(v.problem()).contains("does not exist");
            assertThat(v.fix()).contains("create it");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            no kind                 ; - { reason: x }                                             ; [0]        ; names nothing to revoke
            two kinds               ; - { bundleHash: 'HASH', skill: a, reason: x }               ; [0]        ; more than one
            no reason               ; - { bundleHash: 'HASH' }                                    ; [0].reason ; is missing
            empty reason            ; - { bundleHash: 'HASH', reason: '' }                        ; [0].reason ; 1 to 1000
            bad hash                ; - { bundleHash: 'sha256:XYZ', reason: x }                   ; [0].bundleHash ; not a bundle hash
            bad key                 ; - { publisherKey: 'ed25519:AAAA', reason: x }               ; [0].publisherKey ; not an Ed25519
            bad range               ; - { skill: a, versions: '^1.0.0', reason: x }               ; [0].versions ; not supported
            versions without skill  ; - { bundleHash: 'HASH', versions: '*', reason: x }          ; [0].versions ; only goes with skill
            unknown field           ; - { bundleHash: 'HASH', reason: x, by: me }                 ; [0].by ; not a field
            not a mapping           ; - HASH                                                      ; [0] ; must be a mapping
            not a list              ; 'bundleHash: HASH'                                          ; '' ; must be a list
            """)
    void refusesBadEntriesNamingTheField(String name, String yaml, String suffix, String text) throws IOException {
        Path file = Files.writeString(temp.resolve("r.yaml"), yaml.replace("HASH", HASH) + "\n");

        SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> RevocationFiles.read(List.of(file)));

        assertThat(e.violations()).as(e.describe()).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(file + suffix);
            assertThat(v.problem() + " " + v.fix()).contains(text);
        });
        assertThat(e.violations()).extracting(Violation::fix).allSatisfy(f -> assertThat(f).isNotBlank());
    }

    @Test
    void appendCreatesTheFileAndItsDirectory() {
        Path file = temp.resolve("var/lib/skillbox/revoked.yaml");

        RevocationFiles.append(file, new Revocation.ByBundleHash(HASH, "auto: 3 violations"));

        assertThat(RevocationFiles.read(List.of(file))).extracting(Revocations.Listed::revocation)
                .containsExactly(new Revocation.ByBundleHash(HASH, "auto: 3 violations"));
    }

    @Test
    void appendKeepsAYamlFilesTextAndComments() throws IOException {
        String before = "# operators: keep this comment\n- { skill: acme/old, reason: retired }   # by hand\n";
        Path file = Files.writeString(temp.resolve("revoked.yaml"), before);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        RevocationFiles.append(file, new Revocation.BySkill("acme/greeter", VersionRange.parse("1.2.x"), "CVE: \"quoted\""));

        String after = Files.readString(file);
        assertThat(after).startsWith(before).endsWith("\n");
        assertThat(RevocationFiles.read(List.of(file))).hasSize(2).last().extracting(Revocations.Listed::revocation)
                .isEqualTo(new Revocation.BySkill("acme/greeter", VersionRange.parse("1.2.x"), "CVE: \"quoted\""));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("revoked.yaml", ".revoked.yaml.lock");
        }
    }

    @Test
    void appendRewritesAFlowStyleListItCannotExtend() throws IOException {
        Path file = Files.writeString(temp.resolve("revoked.yaml"), "[ { skill: acme/old, reason: retired } ]\n");

        RevocationFiles.append(file, new Revocation.ByBundleHash(HASH, "auto"));

        assertThat(RevocationFiles.read(List.of(file))).hasSize(2);
    }

    @Test
    void appendToJsonWritesJson() throws IOException {
        Path file = Files.writeString(temp.resolve("revoked.json"), "[]");

        RevocationFiles.append(file, new Revocation.ByPublisherKey(KEY, "leaked"));

        assertThat(Json.json().readTree(Files.readString(file)).get(0).get("publisherKey").stringValue()).isEqualTo(KEY);
    }

    @Test
    void appendLeavesAFileItCannotReadAlone() throws IOException {
        Path file = Files.writeString(temp.resolve("revoked.yaml"), "- { bundleHash: nope, reason: x }\n");

        SkillboxException e = catchThrowableOfType(SkillboxException.class,
                () -> RevocationFiles.append(file, new Revocation.ByBundleHash(HASH, "auto")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
        assertThat(Files.readString(file)).isEqualTo("- { bundleHash: nope, reason: x }\n");
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        Path file = temp.resolve("revoked.yaml");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String hash = "sha256:" + String.format("%064x", i);
                done.add(pool.submit(() -> RevocationFiles.append(file, new Revocation.ByBundleHash(hash, "auto"))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(RevocationFiles.read(List.of(file))).hasSize(40);
    }
}
