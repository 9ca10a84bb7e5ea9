package io.skillbox.core.run;

import static io.skillbox.core.backend.FakeBackend.exited;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.backend.FakeBackend;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade end to end with a fake backend: what reaches the backend, what the listener sees, and the
 * guarantee that a refused run starts nothing.
 */
class SkillboxRunTest {
    @TempDir
    Path temp;
    Path bundle;
    FakeBackend backend;
    Skillbox box;
    final List<String> events = new CopyOnWriteArrayList<>();

    /** Records each step as "step runId [detail]". */
    final RunListener recorder = new RunListener() {
        @Override
        public void requested(String runId, RunRequest request) {
            events.add("requested " + runId);
        }

        @Override
        public void refused(String runId, SkillboxException reason) {
            events.add("refused " + runId + " " + reason.code().wireName());
        }

        @Override
        public void started(String runId, SandboxSpec spec, String backendName) {
            events.add("started " + runId + " " + backendName);
        }

        @Override
        public void finished(RunResult result) {
            events.add("finished " + result.runId() + " " + result.status().wireName());
        }
    };

    @BeforeEach
    void skillbox() {
        bundle = Bundles.write(temp.resolve("counter"), Bundles.COUNTER);
        backend = new FakeBackend("fake", Isolation.NAMESPACES).answering(exited(0, "{\"words\": 2}"));
        box = Skillbox.builder().backend(backend).listener(recorder).build();
    }

    @AfterEach
    void close() {
        box.close();
    }

    private RunResult run(String params) {
        return box.run(RunRequest.of(bundle, params));
    }

    @Test
    void theBackendGetsTheCompiledSpecAndTheParamsAsOneCompactJsonDocument() {
        RunResult r = run("{ \"text\" :\n \"a b\" }");

        assertThat(backend.started()).singleElement().satisfies(spec -> {
            assertThat(spec.runId()).isEqualTo(r.runId());
            assertThat(spec.process().argv()).containsExactly("python3", "/skill/main.py");
            assertThat(spec.limits().memoryBytes()).isEqualTo(64L << 20);
        });
        assertThat(new String(backend.stdins().getFirst(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"a b\"}");
    }

    @Test
    void theListenerSeesRequestedStartedFinishedInOrder() {
        RunResult r = run("{\"text\": \"a b\"}");

        assertThat(events).containsExactly("requested " + r.runId(), "started " + r.runId() + " fake",
                "finished " + r.runId() + " succeeded");
    }

    @Test
    void theListenerSeesRequestedRefusedFinishedForARefusedRun() {
        RunResult r = run("{\"txt\": 1}");

        assertThat(events).containsExactly("requested " + r.runId(), "refused " + r.runId() + " invalid_params",
                "finished " + r.runId() + " denied");
    }

    @Test
    void anInvalidManifestIsDeniedAndNothingIsStarted() throws Exception {
        Files.writeString(bundle.resolve("skill.yaml"), Bundles.COUNTER + "resourcez: { memory: 1Gi }\n");

        RunResult r = run("{\"text\": \"a\"}");

        assertDenied(r, ErrorCode.INVALID_MANIFEST);
        assertThat(r.violations()).anySatisfy(v -> {
            assertThat(v.field()).contains("resourcez");
            assertThat(v.fix()).isNotBlank();
        });
        assertThat(r.skill()).isEmpty();
    }

    @Test
    void anUnsafeBundleIsDeniedAndNothingIsStarted() throws Exception {
        Files.createSymbolicLink(bundle.resolve("passwd"), Path.of("/etc/passwd"));

        assertDenied(run("{\"text\": \"a\"}"), ErrorCode.UNSAFE_BUNDLE);
    }

    @Test
    void aPolicyViolationIsDeniedNamingTheFieldAndNothingIsStarted() throws Exception {
        Path policyFile = Files.writeString(temp.resolve("policy.yaml"), """
                apiVersion: skillbox/v1
                kind: Policy
                defaults: { resources: { memory: 16Mi } }
                ceilings: { resources: { memory: 32Mi } }
                """);
        box.close();
        box = Skillbox.builder().policy(PolicyLoader.load(policyFile)).backend(backend).build();

        RunResult r = run("{\"text\": \"a\"}");

        assertDenied(r, ErrorCode.POLICY_VIOLATION);
        assertThat(r.violations()).extracting(Violation::field).containsExactly("resources.memory");
        assertThat(r.skill()).isEqualTo("counter");
    }

    @Test
    void paramsThatAreNotJsonAreDeniedAndNothingIsStarted() {
        RunResult r = run("{\"text\": ");

        assertDenied(r, ErrorCode.INVALID_PARAMS);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("params");
            assertThat(v.problem()).contains("not valid JSON");
        });
    }

    @Test
    void paramsFailingTheSchemaAreDeniedAndNothingIsStarted() {
        RunResult r = run("{\"txt\": 1}");

        assertDenied(r, ErrorCode.INVALID_PARAMS);
        assertThat(r.violations()).isNotEmpty().allSatisfy(v -> assertThat(v.field()).startsWith("params"));
    }

    @Test
    void aNumberBeyondADoublesRangeIsDeniedNotHandedOnAsTheStringInfinity() {
        RunResult r = run("{\"text\": \"a b\", \"scale\": [1, -1e400]}");

        assertDenied(r, ErrorCode.INVALID_PARAMS);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("params.scale[1]");
            assertThat(v.problem()).contains("beyond a double's range").contains("\"-Infinity\"");
        });
    }

    @Test
    void oversizedParamsAreDeniedAndNothingIsStarted() {
        String huge = "{\"text\": \"" + "a".repeat(RunPreparer.MAX_PARAMS_BYTES) + "\"}";

        RunResult r = run(huge);

        assertDenied(r, ErrorCode.INVALID_PARAMS);
        assertThat(r.violations()).singleElement().satisfies(v -> assertThat(v.problem()).contains("larger than 1 MiB"));
    }

    @Test
    void anUnavailableBackendIsDeniedAndNothingIsStarted() {
        backend.unavailable(List.of("bwrap is not installed"), List.of("apt-get install bubblewrap"));

        RunResult r = run("{\"text\": \"a\"}");

        assertDenied(r, ErrorCode.BACKEND_UNAVAILABLE);
        assertThat(r.violations()).extracting(Violation::fix).containsExactly("apt-get install bubblewrap");
    }

    @Test
    void aTierNoBackendImplementsIsDeniedAndNothingIsStarted() throws Exception {
        Files.writeString(bundle.resolve("skill.yaml"), Bundles.COUNTER + "runtime: { isolation: gvisor }\n");

        assertDenied(run("{\"text\": \"a\"}"), ErrorCode.BACKEND_UNAVAILABLE);
    }

    @Test
    void aBackendThrowingIsAnInternalError() {
        backend.throwing(new IllegalStateException("the fake broke"));

        RunResult r = run("{\"text\": \"a\"}");

        assertThat(r.status()).isEqualTo(RunStatus.ERROR);
        assertThat(r.error().code()).isEqualTo("internal");
        assertThat(r.error().message()).contains("the fake broke");
        assertThat(events.getLast()).isEqualTo("finished " + r.runId() + " error");
    }

    @Test
    void aBackendRefusingAtStartIsReportedWithItsOwnCode() {
        backend.throwing(new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE, "bwrap vanished"));

        RunResult r = run("{\"text\": \"a\"}");

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("backend_unavailable");
    }

    @Test
    void checkCompilesAndChoosesABackendWithoutStartingIt() {
        backend.unavailable(List.of("not on this host"), List.of("run it elsewhere"));

        RunPreparer.Prepared prepared = box.check(RunRequest.of(bundle, "{\"text\": \"a\"}"));

        assertThat(prepared.backend()).isSameAs(backend);
        assertThat(prepared.spec().skill().name()).isEqualTo("counter");
        assertThat(backend.started()).isEmpty();
    }

    @Test
    void checkWithoutParamsDoesNotDemandTheParamsARunWouldNeed() {
        RunRequest noParams = new RunRequest(bundle, Optional.empty(), Optional.empty());

        RunPreparer.Prepared prepared = box.check(noParams);

        assertThat(new String(prepared.stdin(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void checkWithParamsValidatesThem() {
        SkillboxException e = catchThrowableOfType(SkillboxException.class,
                () -> box.check(RunRequest.of(bundle, "{\"txt\": 1}")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
    }

    @Test
    void aRunWithoutParamsValidatesTheEmptyDocumentAgainstTheSchema() {
        RunResult r = box.run(new RunRequest(bundle, Optional.empty(), Optional.empty()));

        assertDenied(r, ErrorCode.INVALID_PARAMS);
        assertThat(r.violations()).extracting(Violation::field).containsExactly("params.text");
    }

    private void assertDenied(RunResult r, ErrorCode code) {
        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo(code.wireName());
        assertThat(r.violations()).as("a refusal says why").isNotEmpty();
        assertThat(r.exitCode()).isNull();
        assertThat(r.startedAt()).isNull();
        assertThat(r.backend()).isNull();
        assertThat(backend.started()).as("nothing is started for a refused run").isEmpty();
        assertThat(events).noneMatch(e -> e.startsWith("started"));
    }
}
