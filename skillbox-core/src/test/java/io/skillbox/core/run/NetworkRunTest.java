package io.skillbox.core.run;

import static io.skillbox.core.backend.FakeBackend.exited;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.backend.FakeBackend;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.network.Listeners;
import io.skillbox.core.network.NetworkGateway;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run's network is opened, handed to the backend, closed, and what it refused ends up in the result. */
class NetworkRunTest {
    @TempDir
    Path temp;

    private static final String ALLOWLIST = Bundles.COUNTER + "network: { mode: allowlist, hosts: [\"api.example.com:443\"] }\n";

    /** Records what the runner does with the run's network. */
    static final class RecordingGateway implements NetworkGateway {
        final List<String> calls = new ArrayList<>();
        RuntimeException refuseWith;

        @Override
        public RunNetwork open(SandboxSpec spec) {
            if (refuseWith != null) {
                throw refuseWith;
            }
            calls.add("open " + spec.network().mode());
            return new RunNetwork() {
                @Override
                public Map<String, String> environment() {
                    return Map.of("SKILLBOX_TOKEN", "t0k3n");
                }

                @Override
                public void serve(Listeners listeners) {
                    calls.add("serve");
                }

                @Override
                public List<Violation> violations() {
                    calls.add("violations");
                    return List.of(new Violation("network.hosts", "the skill tried to reach evil.test:443", "list it"));
                }

                @Override
                public void close() {
                    calls.add("close");
                }
            };
        }

        @Override
        public void close() {
            calls.add("gateway closed");
        }
    }

    @Test
    void theGatewayServesTheRunAndWhatItRefusedBecomesAViolation() {
        FakeBackend backend = new FakeBackend("fake", Isolation.NAMESPACES).answering(exited(0, "{\"words\": 2}"));
        RecordingGateway gateway = new RecordingGateway();
        RunResult r;
        try (Skillbox box = Skillbox.builder().backend(backend).network(gateway).build()) {
            r = box.run(RunRequest.of(Bundles.write(temp.resolve("s"), ALLOWLIST), "{\"text\": \"a b\"}"));
        }

        assertThat(gateway.calls).startsWith("open allowlist", "serve", "close", "violations").endsWith("gateway closed");
        assertThat(backend.started()).singleElement().satisfies(spec -> {
            assertThat(spec.network()).isInstanceOf(NetworkSpec.Allowlist.class);
            assertThat(spec.process().env()).containsEntry("SKILLBOX_TOKEN", "t0k3n").containsKey("HTTPS_PROXY");
        });
        assertThat(r.violations()).extracting(Violation::field).contains("network.hosts");
    }

    @Test
    void aNetworkedRunWithoutAGatewayIsRefusedBeforeAnythingStarts() {
        FakeBackend backend = new FakeBackend("fake", Isolation.NAMESPACES).answering(exited(0, "{\"words\": 2}"));
        RunResult r;
        try (Skillbox box = Skillbox.builder().backend(backend).build()) {
            r = box.run(RunRequest.of(Bundles.write(temp.resolve("s"), ALLOWLIST), "{\"text\": \"a b\"}"));
        }

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE.wireName());
        assertThat(backend.started()).isEmpty();
    }

    @Test
    void aGatewayRefusalRefusesTheRun() {
        FakeBackend backend = new FakeBackend("fake", Isolation.NAMESPACES).answering(exited(0, "{\"words\": 2}"));
        RecordingGateway gateway = new RecordingGateway();
        gateway.refuseWith = new SkillboxException(ErrorCode.POLICY_VIOLATION, "the secret env:KEY is not set");
        RunResult r;
        try (Skillbox box = Skillbox.builder().backend(backend).network(gateway).build()) {
            r = box.run(RunRequest.of(Bundles.write(temp.resolve("s"), ALLOWLIST), "{\"text\": \"a b\"}"));
        }

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().message()).contains("env:KEY");
        assertThat(backend.started()).isEmpty();
    }
}
