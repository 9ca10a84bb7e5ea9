package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.json.Json;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.Skillbox;
import io.skillbox.linux.bwrap.BwrapBackend;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.JsonNode;

/**
 * Base of the integration tests that attack real sandboxes: one real bwrap-backed {@link Skillbox}
 * under the built-in policy. These tests need root, bubblewrap, libseccomp and python3 — what
 * scripts/setup.sh installs — and fail rather than skip when any is missing.
 */
abstract class SandboxIT {
    static Skillbox box;

    @BeforeAll
    static void openSkillbox() {
        box = Skillbox.builder().backend(new BwrapBackend()).build();
        assertThat(box.backends().backends().getFirst().availability().problems())
                .as("the bwrap backend must be usable here; run scripts/setup.sh as root").isEmpty();
    }

    @AfterAll
    static void closeSkillbox() {
        box.close();
    }

    static RunResult run(Path bundle, Object params) {
        return box.run(RunRequest.of(bundle, Json.json().writeValueAsString(params)));
    }

    /** The skill's stdout as JSON, asserting that it is JSON. */
    static JsonNode json(RunResult r) {
        assertThat(r.result()).as("result of %s: stderr=%s error=%s", r.status(), r.stderr(), r.error()).isNotNull();
        assertThat(r.result().isString()).as("stdout is JSON: %s / stderr %s", r.stdout(), r.stderr()).isFalse();
        return r.result();
    }

    static String token() {
        return "skillbox-it-" + UUID.randomUUID().toString().replace("-", "");
    }
}
