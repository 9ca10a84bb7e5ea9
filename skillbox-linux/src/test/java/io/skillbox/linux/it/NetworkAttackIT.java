package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.spec.NetworkSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Network mode none: the skill tries to reach the host and the world; the host's listeners count contacts. */
class NetworkAttackIT extends SandboxIT {

    @Test
    void reachesNothingOfTheHost(@TempDir Path dir) throws Exception {
        try (HostBait bait = new HostBait()) {
            HostBait.Targets targets = bait.targets();
            Path bundle = TestSkills.python(dir, "{ timeout: 30s }", NetworkProbe.SOURCE);

            RunResult r = run(bundle, targets.params(
                    Map.of("closed", List.of(NetworkSpec.PROXY_PORT, NetworkSpec.BROKER_PORT))));

            assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
            JsonNode out = json(r);
            NetworkProbe.assertReachedNothingOfTheHost(out, targets, false);
            // Nobody serves this run: the gateway ports are as closed as any other.
            for (int port : List.of(NetworkSpec.PROXY_PORT, NetworkSpec.BROKER_PORT)) {
                assertThat(out.path("closed " + port).asString()).isEqualTo("ConnectionRefusedError:111");
            }
            bait.assertUntouched();
        }
    }
}
