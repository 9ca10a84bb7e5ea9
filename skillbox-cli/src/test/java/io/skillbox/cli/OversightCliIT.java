package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.audit.AuditReader;
import io.skillbox.core.oversight.StateLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit log, forensics, automatic revocation and signed bundles through `bin/skillbox` against the real
 * namespaces sandbox, each test with its own state directory (under /tmp, which the policy blocks).
 */
class OversightCliIT {
    private static final Pattern RUN_LINE = Pattern.compile("skillbox: run ([0-9a-f]{12}-[0-9a-f]{8})");
    private static final Pattern FORENSICS_LINE = Pattern.compile("forensics bundle (\\S+\\.zip)");

    @TempDir
    Path temp;
    Path policy;
    StateLayout state;

    @BeforeEach
    void policy() throws IOException {
        state = new StateLayout(temp.resolve("state"));
        policy = Cli.isolatedPolicy(temp, "");
    }

    private Cli.Result cli(String... args) {
        return Cli.withPolicy(policy, args);
    }

    @Test
    void everyRunLeavesAVerifiableLogAndAnyChangedByteIsReportedWithItsLine() throws IOException {
        for (int i = 0; i < 2; i++) {
            Cli.Result r = cli("run", Cli.example("word-count"), "--params", "{\"text\": \"a b\"}");
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        Cli.Result verify = cli("audit", "verify");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.stdout()).contains("intact:      yes").contains("(required)");

        byte[] log = Files.readAllBytes(state.auditLog());
        Path copy = temp.resolve("copy.jsonl");
        for (int at = 0; at < log.length; at += Math.max(1, log.length / 40)) {
            byte[] changed = log.clone();
            changed[at] ^= 0x01;
            Files.write(copy, changed);
            Files.copy(state.auditLog().resolveSibling("audit.jsonl.head"), temp.resolve("copy.jsonl.head"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Cli.Result tampered = cli("audit", "verify", "--log", copy.toString());
            int line = 1 + (int) new String(log, 0, at, StandardCharsets.ISO_8859_1).chars().filter(c -> c == '\n').count();
            assertThat(tampered.exitCode()).as("byte %d: %s", at, tampered).isEqualTo(ExitCodes.SKILL_FAILED);
            assertThat(tampered.stdout()).as("byte %d", at).contains("intact:      NO")
                    .containsPattern("line (" + line + "|" + (line + 1) + ") ");
        }
    }

    @Test
    void aSkillBreakingItsContractLeavesASignedForensicsBundleAndIsRevokedOnTheThirdTime() throws IOException {
        Path bundle = CliSkills.shell(Files.createDirectory(temp.resolve("slow")), "{ timeout: 1s }",
                "echo 'evidence' > /work/notes.txt\nsleep 30\n");
        String zip = null;
        for (int i = 1; i <= 3; i++) {
            Cli.Result r = cli("run", bundle.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
            Matcher m = FORENSICS_LINE.matcher(r.stderr());
            assertThat(m.find()).as(r.toString()).isTrue();
            zip = m.group(1);
        }
        try (ZipFile z = new ZipFile(zip)) {
            assertThat(new String(z.getInputStream(z.getEntry("work/notes.txt")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("evidence\n");
        }
        assertThat(cli("forensics", "verify", zip).exitCode()).isZero();

        Cli.Result revoked = cli("run", bundle.toString());
        assertThat(revoked.exitCode()).as(revoked.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(revoked.stderr()).contains("revoked").contains("3 behaviour-contract violations");
        assertThat(cli("check", bundle.toString()).exitCode()).as("check sees the revocation too").isEqualTo(ExitCodes.REFUSED);

        Matcher run = RUN_LINE.matcher(revoked.stderr());
        assertThat(run.find()).isTrue();
        assertThat(AuditReader.forRun(state.auditLog(), run.group(1))).extracting(e -> e.type())
                .containsExactly("run.requested", "run.refused");
        assertThat(cli("audit", "verify").exitCode()).isZero();

        // A forged bundle: one entry rewritten, the signed manifest left as it was.
        Path forged = temp.resolve("forged.zip");
        try (ZipFile in = new ZipFile(zip); OutputStream os = Files.newOutputStream(forged);
                ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals("work/notes.txt") ? "nothing here\n".getBytes(StandardCharsets.UTF_8)
                        : in.getInputStream(e).readAllBytes());
                out.closeEntry();
            }
        }
        Cli.Result bad = cli("forensics", "verify", forged.toString());
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        assertThat(bad.stdout()).contains("valid:  NO").contains("work/notes.txt");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aFailingSkillCannotTurnItsWorkSnapshotAgainstTheHost() throws IOException {
        // Symlinks to host secrets and a FIFO left in /work: the snapshot must neither follow nor block.
        Path bundle = CliSkills.shell(Files.createDirectory(temp.resolve("trap")), "{ timeout: 10s }", """
                ln -s /etc/shadow /work/shadow
                ln -s /etc /work/etc
                mkfifo /work/pipe
                echo 'kept' > /work/plain.txt
                exit 3
                """);
        Cli.Result r = cli("run", bundle.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        Matcher m = FORENSICS_LINE.matcher(r.stderr());
        assertThat(m.find()).as(r.toString()).isTrue();
        byte[] shadow = Files.readAllBytes(Path.of("/etc/shadow"));
        try (ZipFile z = new ZipFile(m.group(1))) {
            assertThat(z.getEntry("work/plain.txt")).isNotNull();
            assertThat(z.getEntry("work/shadow")).isNull();
            assertThat(z.getEntry("work/pipe")).isNull();
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                assertThat(e.getName()).doesNotStartWith("work/etc/");
                String content = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(content).as(e.getName()).doesNotContain(new String(shadow, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(cli("forensics", "verify", m.group(1)).exitCode()).isZero();
    }

    @Test
    void aCleanRunCanBeBundledAfterwards() {
        Cli.Result r = cli("run", Cli.example("word-count"), "--params", "{\"text\": \"a b\"}", "--json");
        String runId = io.skillbox.core.json.Json.json().readTree(r.stdout()).path("runId").asString();
        Cli.Result f = cli("forensics", runId);
        assertThat(f.exitCode()).as(f.toString()).isZero();
        assertThat(cli("forensics", "verify", f.stdout().strip()).exitCode()).isZero();
    }

    @Test
    void aSignedBundleRunsAndOnceTamperedIsRefusedWithTheReason() throws IOException {
        Path key = temp.resolve("publisher.key");
        Cli.Result keygen = Cli.run("keygen", "--out", key.toString());
        Matcher pub = Pattern.compile("public key: (ed25519:\\S+)").matcher(keygen.stdout());
        assertThat(pub.find()).as(keygen.toString()).isTrue();
        Files.writeString(policy, "trust: { publishers: [{ name: acme, key: \"" + pub.group(1) + "\", level: reviewed }] }\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path bundle = CliSkills.shell(Files.createDirectory(temp.resolve("signed")), "{ timeout: 10s }",
                "echo '{\"ok\": true}'\n");
        assertThat(Cli.run("sign", bundle.toString(), "--key", key.toString()).exitCode()).isZero();

        Cli.Result ok = cli("run", bundle.toString(), "--json");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        String runId = io.skillbox.core.json.Json.json().readTree(ok.stdout()).path("runId").asString();
        assertThat(AuditReader.forRun(state.auditLog(), runId).get(1).data().path("trust").path("level").asString())
                .isEqualTo("reviewed");

        Files.writeString(bundle.resolve("main.sh"), "cat /etc/hostname\n");
        Cli.Result tampered = cli("run", bundle.toString());
        assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(tampered.stderr()).contains("does not match");
    }
}
