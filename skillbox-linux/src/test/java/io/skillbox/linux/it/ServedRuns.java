package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.Listeners;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.linux.net.Namespaces;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;

/**
 * Runs with a served network, started the way the runner will start them: the compiled spec with its
 * network mode set, handed with its gateway straight to the bwrap backend.
 */
final class ServedRuns {
    static final NetworkSpec ALLOWLIST = new NetworkSpec.Allowlist(List.of("api.example.com:443"), List.of(),
            new NetworkSpec.EgressLimits(64, 1L << 20, 16384));
    static final NetworkSpec BROKER = new NetworkSpec.Broker(List.of(), "local");

    private ServedRuns() {}

    static Execution start(Path bundle, Object params, NetworkSpec network, RunNetwork gateway) {
        RunPreparer.Prepared prepared = SandboxIT.box.check(
                RunRequest.of(bundle, Json.json().writeValueAsString(params)));
        return prepared.backend().start(served(prepared.spec(), network), prepared.stdin(), gateway);
    }

    private static SandboxSpec served(SandboxSpec s, NetworkSpec network) {
        return new SandboxSpec(s.runId(), s.skill(), s.isolation(), s.process(), s.mounts(), network,
                s.limits(), s.privileges(), s.artifacts(), s.hostname(), s.snapshot());
    }

    /**
     * Whether the tier under attack serves {@code broker} and {@code allowlist}. runsc cannot (docs/RUNTIMES.md:
     * its Sentry would have to run as host root to join skillbox's namespace), so on the gvisor tier every test
     * of served networks attacks the refusal instead: {@link #assertRefused}.
     */
    static boolean servedOnThisTier() {
        return SandboxIT.TIER != Isolation.GVISOR;
    }

    /**
     * Such a run is refused, never weakened, whichever way it comes: the registry names the mode the tier cannot
     * enforce, and the backend itself, handed the spec directly, refuses before anything of the run exists (its
     * gateway is never asked to listen, no namespace is held, no cgroup made).
     */
    static void assertRefused(Path bundle, NetworkSpec network) {
        RunPreparer.Prepared prepared = SandboxIT.box.check(RunRequest.of(bundle, "{}"));
        SandboxSpec spec = served(prepared.spec(), network);
        assertThatThrownBy(() -> SandboxIT.box.backends().select(spec)).isInstanceOfSatisfying(SkillboxException.class,
                e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.problem())
                        .isEqualTo(prepared.backend().name() + " cannot enforce network " + network.mode())));
        AtomicBoolean asked = new AtomicBoolean();
        Set<String> namespaces = Namespaces.heldByDescriptors();
        RunNetwork gateway = new RunNetwork() {
            @Override
            public Map<String, String> environment() {
                asked.set(true);
                return Map.of();
            }

            @Override
            public void serve(Listeners listeners) {
                asked.set(true);
            }

            @Override
            public List<Violation> violations() {
                return List.of();
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> prepared.backend().start(spec, prepared.stdin(), gateway))
                .isInstanceOfSatisfying(SkillboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE))
                .hasMessageContaining("cannot enforce [network " + network.mode() + "]");
        assertThat(asked).as("the gateway was asked to serve").isFalse();
        assertThat(Namespaces.heldByDescriptors()).isEqualTo(namespaces);
        assertThat(HostView.runCgroups()).noneMatch(c -> c.getFileName().toString().equals("run-" + spec.runId()));
    }

    /** Runs to the end and returns the skill's stdout as JSON, asserting that it exited 0. */
    static JsonNode succeed(Execution run) {
        ProcessOutcome outcome = run.await();
        String stdout = new String(outcome.stdout(), StandardCharsets.UTF_8);
        assertThat(outcome.termination()).as("stdout %s / stderr %s", stdout,
                new String(outcome.stderr(), StandardCharsets.UTF_8)).isEqualTo(new Termination.Exited(0));
        return Json.json().readTree(stdout);
    }
}
