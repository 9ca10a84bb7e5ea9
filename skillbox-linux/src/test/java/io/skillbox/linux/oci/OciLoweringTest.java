package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.Golden;
import io.skillbox.core.backend.Lowering;
import io.skillbox.core.json.Json;
import io.skillbox.linux.bwrap.BwrapLoweringTest;
import io.skillbox.linux.host.LinuxHost;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.Mount;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The one lowering of specs to OCI runtime-spec configs: pinned by golden files, and every config checked
 * against the runtime-spec's JSON Schema.
 */
class OciLoweringTest {
    private static final OciHost HOST = OciHost.placeholder("0000000000aa-12345678");
    private static final OciHost SERVED = HOST.withNetnsPath("/proc/4242/fd/117");

    @Test
    void pythonSkillUnderTheDefaultPolicy() {
        JsonNode config = OciLowering.lower(BwrapLoweringTest.pythonSkill(), HOST).config();
        OciSchema.assertValid(config);
        Golden.assertMatches("oci/word-count.json", pretty(config));
    }

    @Test
    void allowlistJoinsTheNamespaceSkillboxServes() {
        SandboxSpec spec = BwrapLoweringTest.withNetwork(BwrapLoweringTest.pythonSkill(),
                new NetworkSpec.Allowlist(List.of("api.example.com:443"), List.of(),
                        new NetworkSpec.EgressLimits(64, 256L << 20, 16384)))
                .withAddedEnvironment(Map.of("HTTPS_PROXY", "http://127.0.0.1:3128"));
        JsonNode config = OciLowering.lower(spec, SERVED).config();
        OciSchema.assertValid(config);
        assertThat(config.at("/linux/namespaces").toString()).contains("{\"type\":\"network\",\"path\":\"/proc/4242/fd/117\"}");
        assertThat(config.at("/process/env").toString()).contains("HTTPS_PROXY=http://127.0.0.1:3128");
    }

    @Test
    void anImageIsTheRootInPlaceOfTheHostsSystemDirectories() {
        SandboxSpec python = BwrapLoweringTest.pythonSkill();
        List<Mount> mounts = new ArrayList<>(List.of(new Mount.ImageRoot(Path.of("/srv/skills/demo/image.tar"))));
        python.mounts().stream()
                .filter(m -> !(m instanceof Mount.Symlink) && !(m instanceof Mount.Bind b && !b.target().equals("/skill")))
                .forEach(mounts::add);
        SandboxSpec spec = new SandboxSpec(python.runId(), python.skill(), Isolation.CONTAINER, python.process(), mounts,
                python.network(), python.limits(), python.privileges(), python.artifacts(), python.hostname(),
                python.snapshot());
        OciBundle bundle = OciLowering.lower(spec, HOST);
        OciSchema.assertValid(bundle.config());
        assertThat(bundle.symlinks()).isEmpty();
        Golden.assertMatches("oci/image.json", pretty(bundle.config()));
    }

    @Test
    void noneGetsAnEmptyNamespaceOfTheRuntimes() {
        JsonNode config = OciLowering.lower(BwrapLoweringTest.pythonSkill(), HOST).config();
        assertThat(config.at("/linux/namespaces").toString()).contains("{\"type\":\"network\"}");
        List<String> types = new ArrayList<>();
        config.at("/linux/namespaces").forEach(n -> types.add(n.path("type").asString()));
        assertThat(types).containsExactlyInAnyOrder("pid", "ipc", "uts", "mount", "user", "cgroup", "network");
    }

    @Test
    void nothingIsKeptOfPrivilege() {
        JsonNode c = OciLowering.lower(BwrapLoweringTest.pythonSkill(), HOST).config();
        c.at("/process/capabilities").forEach(set -> assertThat(set.isEmpty()).isTrue());
        assertThat(c.at("/process/noNewPrivileges").asBoolean()).isTrue();
        assertThat(c.at("/root/readonly").asBoolean()).isTrue();
        assertThat(c.at("/process/user/uid").asInt()).isEqualTo(1000);
        // The skill's uid maps to the run's host uid; container root to one that owns nothing; nothing else.
        assertThat(c.at("/linux/uidMappings").toString()).isEqualTo(
                "[{\"containerID\":0,\"hostID\":1999999999,\"size\":1},{\"containerID\":1000,\"hostID\":2000000000,\"size\":1}]");
        assertThat(c.at("/linux/seccomp/defaultAction").asString()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(c.at("/linux/resources/devices/0/allow").asBoolean()).isFalse();
    }

    @Test
    void servedModesNeedTheNamespacePath() {
        SandboxSpec spec = BwrapLoweringTest.withNetwork(BwrapLoweringTest.pythonSkill(),
                new NetworkSpec.Broker(List.of("custom/weather-api-key"), "local"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OciLowering.lower(spec, HOST))
                .hasMessageContaining("needs the namespace skillbox serves");
    }

    /** The same config for every rung; only the command differs. Kata is golden-tested though no host here runs it. */
    @Test
    void eachRuntimesCommand() {
        StringBuilder out = new StringBuilder();
        for (OciRuntime runtime : OciRuntime.values()) {
            Lowering l = new OciBackend(runtime, new LinuxHost.Config(Path.of("/run/skillbox"), 2_000_000_000, 8))
                    .lower(BwrapLoweringTest.pythonSkill());
            out.append(runtime.binary()).append(" (").append(runtime.tier().wireName()).append("):\n  ")
                    .append(String.join(" ", l.command()).replaceAll("^\\S*/", "")).append('\n');
        }
        Golden.assertMatches("oci/commands.txt", out.toString());
    }

    private static String pretty(JsonNode node) {
        return Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }
}
