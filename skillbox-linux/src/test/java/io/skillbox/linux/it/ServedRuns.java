package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /** Runs to the end and returns the skill's stdout as JSON, asserting that it exited 0. */
    static JsonNode succeed(Execution run) {
        ProcessOutcome outcome = run.await();
        String stdout = new String(outcome.stdout(), StandardCharsets.UTF_8);
        assertThat(outcome.termination()).as("stdout %s / stderr %s", stdout,
                new String(outcome.stderr(), StandardCharsets.UTF_8)).isEqualTo(new Termination.Exited(0));
        return Json.json().readTree(stdout);
    }
}
