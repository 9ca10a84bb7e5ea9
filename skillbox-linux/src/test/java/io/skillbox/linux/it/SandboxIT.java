package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.json.Json;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.Skillbox;
import io.skillbox.core.backend.Backend;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.linux.bwrap.BwrapBackend;
import io.skillbox.linux.oci.OciBackend;
import io.skillbox.spec.Isolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.JsonNode;

/**
 * Base of the integration tests that attack real sandboxes: one real {@link Skillbox} under the built-in
 * policy, with the tier under attack as its default isolation. The build runs the suite once per tier
 * (system property {@code skillbox.it.isolation}: {@code namespaces}, {@code container} for runc,
 * {@code gvisor} for runsc). These tests need root, bubblewrap, runc, runsc, libseccomp and python3 — what
 * scripts/setup.sh installs — and fail rather than skip when any is missing.
 */
abstract class SandboxIT {
    /** The tier every test of this run attacks. */
    static final Isolation TIER = Isolation.fromWireName(System.getProperty("skillbox.it.isolation", "namespaces"))
            .orElseThrow(() -> new IllegalArgumentException("unknown skillbox.it.isolation"));
    static Skillbox box;

    @BeforeAll
    static void openSkillbox() throws IOException {
        Path policy = Files.createTempFile("skillbox-it-policy", ".yaml");
        Files.writeString(policy, "apiVersion: skillbox/v1\nkind: Policy\ndefaults: { isolation: " + TIER.wireName() + " }\n");
        Skillbox.Builder builder = Skillbox.builder().policy(PolicyLoader.load(policy)).backend(new BwrapBackend());
        OciBackend.all().forEach(builder::backend);
        box = builder.build();
        Files.delete(policy);
        Backend backend = box.backends().backends().stream().filter(b -> b.tiers().contains(TIER)).filter(b -> b.availability().available())
                .findFirst().orElseThrow(() -> new AssertionError("no backend for " + TIER.wireName()
                        + " is usable here; run scripts/setup.sh as root"));
        assertThat(backend.availability().problems()).isEmpty();
    }

    @AfterAll
    static void closeSkillbox() {
        box.close();
    }

    static RunResult run(Path bundle, Object params) {
        return box.run(RunRequest.of(bundle, Json.json().writeValueAsString(params)));
    }

    /**
     * Waits for every run to have released its host resources, which a run does right after handing over its
     * outcome: what a test finds on the host afterwards was left behind for good.
     */
    static void awaitReleased() {
        assertThat(box.awaitReleased(Duration.ofSeconds(10))).as("runs released their host resources in time").isTrue();
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
