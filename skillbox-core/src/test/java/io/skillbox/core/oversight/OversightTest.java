package io.skillbox.core.oversight;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.audit.AuditEntry;
import io.skillbox.core.audit.AuditReader;
import io.skillbox.core.audit.AuditReport;
import io.skillbox.core.audit.AuditVerifier;
import io.skillbox.core.backend.FakeBackend;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.ForensicsVerifier;
import io.skillbox.core.forensics.SnapshotFile;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.forensics.WorkSnapshotInfo;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.SnapshotSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit, contract, revocation and forensics around runs of a fake backend, in a temporary state directory. */
class OversightTest {
    @TempDir
    Path temp;
    Path bundle;
    Policy policy;
    FakeBackend backend;

    @BeforeEach
    void setUp() throws IOException {
        bundle = Files.createDirectories(temp.resolve("greeter"));
        Files.writeString(bundle.resolve("skill.yaml"), """
                apiVersion: skillbox/v1
                name: greeter
                version: 1.0.0
                entrypoint: [python3, main.py]
                """);
        Files.writeString(bundle.resolve("main.py"), "print('{}')\n");
        Policy builtin = PolicyLoader.builtin();
        policy = builtin.withOversight(builtin.oversight().withStateDir(temp.resolve("state")));
        backend = new FakeBackend("fake", Isolation.NAMESPACES);
    }

    private RunResult run(RunRequest request) {
        try (Skillbox box = Skillbox.builder().policy(policy).backend(backend)
                .oversight(Oversight.open(policy.oversight())).build()) {
            return box.run(request);
        }
    }

    private Path log() {
        return new StateLayout(temp.resolve("state")).auditLog();
    }

    private List<String> types(String runId) {
        return AuditReader.forRun(log(), runId).stream().map(AuditEntry::type).toList();
    }

    @Test
    void aCleanRunLeavesRequestedStartedFinishedAndAVerifiableLog() {
        RunResult r = run(RunRequest.of(bundle, "{}"));

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(types(r.runId())).containsExactly("run.requested", "run.started", "run.finished");
        AuditEntry started = AuditReader.forRun(log(), r.runId()).get(1);
        assertThat(started.data().path("backend").asString()).isEqualTo("fake");
        assertThat(started.data().path("specSha256").asString()).startsWith("sha256:");
        assertThat(started.data().path("trust").path("level").asString()).isEqualTo("external");
        assertThat(started.data().path("trust").path("bundleHash").asString()).startsWith("sha256:");
        assertThat(r.forensics()).as("no trouble, no bundle").isNull();

        AuditReport report = AuditVerifier.verify(log(), Optional.empty());
        assertThat(report.intact()).as(report.problems().toString()).isTrue();
        assertThat(report.warnings()).as("close signed the tail").isEmpty();
        assertThat(report.checkpoints()).isEqualTo(1);
    }

    @Test
    void aRefusedRunIsAuditedWithEveryReason() {
        RunResult r = run(RunRequest.of(bundle, "not json"));

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(types(r.runId())).containsExactly("run.requested", "run.refused");
        AuditEntry refused = AuditReader.forRun(log(), r.runId()).get(1);
        assertThat(refused.data().path("code").asString()).isEqualTo("invalid_params");
        assertThat(refused.data().path("violations").get(0).path("field").asString()).isEqualTo("params");
        assertThat(backend.started()).isEmpty();
    }

    @Test
    void violationsAreAuditedAndBundledAndRevokeTheBundleAfterThree() {
        backend.answering(spec -> new ProcessOutcome(new Termination.TimedOut(), new byte[0],
                "slow\n".getBytes(StandardCharsets.UTF_8), ProcessOutcome.Usage.NONE, List.of(), List.of(),
                Instant.now(), Duration.ofSeconds(30), snapshotOf(spec.snapshot())));

        for (int i = 1; i <= 3; i++) {
            RunResult r = run(RunRequest.of(bundle, "{}"));
            assertThat(r.status()).isEqualTo(RunStatus.TIMED_OUT);
            List<String> types = types(r.runId());
            assertThat(types).startsWith("run.requested", "run.started", "run.killed", "contract.violation");
            assertThat(types).contains("run.finished", "forensics.written");
            assertThat(types.contains("skill.revoked")).as("revoked on the 3rd violation only").isEqualTo(i == 3);

            assertThat(r.forensics()).isNotNull();
            var report = ForensicsVerifier.verify(Path.of(r.forensics()), Optional.empty());
            assertThat(report.valid()).as(report.problems().toString()).isTrue();
        }

        RunResult refused = run(RunRequest.of(bundle, "{}"));
        assertThat(refused.status()).isEqualTo(RunStatus.DENIED);
        assertThat(refused.error().code()).isEqualTo("revoked");
        assertThat(refused.error().message()).contains("behaviour-contract violations");
        assertThat(backend.started()).as("the revoked bundle never started again").hasSize(3);
        assertThat(AuditVerifier.verify(log(), Optional.empty()).intact()).isTrue();
    }

    @Test
    void aPastRunCanBeBundledOnRequest() throws IOException {
        RunResult r = run(RunRequest.of(bundle, "{}"));
        Path zip;
        try (Oversight o = Oversight.open(policy.oversight())) {
            zip = o.forensics(r.runId());
        }
        assertThat(ForensicsVerifier.verify(zip, Optional.empty()).valid()).isTrue();
        assertThat(Files.size(zip)).isPositive();
    }

    @Test
    void forensicsOnRequestAsksTheBackendForASnapshotEvenOfACleanRun() {
        backend.answering(spec -> {
            assertThat(spec.snapshot().when()).isEqualTo(SnapshotSpec.When.ALWAYS);
            return FakeBackend.exited(0, "{}");
        });
        RunResult r = run(RunRequest.of(bundle, "{}").withForensics());
        assertThat(r.forensics()).isNotNull();
        assertThat(types(r.runId())).contains("forensics.written");
    }

    @Test
    void limitsThatAreNotTheContractsDoNotCount() {
        backend.answering(spec -> new ProcessOutcome(new Termination.Exited(0), "{}".getBytes(StandardCharsets.UTF_8),
                new byte[0], ProcessOutcome.Usage.NONE, List.of(),
                List.of(new Violation("artifacts", "3 files dropped", "write fewer")), Instant.now(), Duration.ZERO));
        RunResult r = run(RunRequest.of(bundle, "{}"));
        assertThat(types(r.runId())).doesNotContain("contract.violation");
    }

    private static WorkCapture snapshotOf(SnapshotSpec spec) {
        assertThat(spec.when()).isEqualTo(SnapshotSpec.When.ON_TROUBLE);
        return new WorkCapture(List.of(new SnapshotFile("notes.txt", 0644, "left behind".getBytes(StandardCharsets.UTF_8))),
                new WorkSnapshotInfo.Captured(spec.maxFiles(), spec.maxBytes(), 0, 0, List.of()));
    }
}
