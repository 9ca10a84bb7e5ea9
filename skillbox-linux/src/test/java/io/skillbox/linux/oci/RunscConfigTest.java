package io.skillbox.linux.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.seccomp.SeccompProfiles;
import io.skillbox.linux.bwrap.BwrapLoweringTest;
import io.skillbox.spec.SandboxSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What runsc gets instead of the shared config, and nothing more. */
class RunscConfigTest {
    private static final OciHost HOST = OciHost.placeholder("0000000000aa-12345678");

    /** The built-in profile, which answers clone3 with ENOSYS. */
    private static ObjectNode withBuiltinFilter(SandboxSpec spec) {
        ObjectNode config = OciLowering.lower(spec, HOST).config();
        ((ObjectNode) config.get("linux")).set("seccomp", OciSeccomp.lower(SeccompProfiles.load(
                SeccompProfiles.BUILTIN_DEFAULT, Set.of(), SeccompProfiles.hostArch())));
        return config;
    }

    @Test
    void enosysRulesBecomeTraceWhichRunscAnswersWithEnosys() {
        SandboxSpec spec = BwrapLoweringTest.pythonSkill();
        ObjectNode shared = withBuiltinFilter(spec);
        ObjectNode runsc = withBuiltinFilter(spec);
        assertThat(rule(shared, "clone3").path("errnoRet").asInt()).isEqualTo(RunscConfig.ENOSYS);

        OciRuntime.RUNSC.adapt(runsc, spec.limits().pids());

        OciSchema.assertValid(runsc);
        assertThat(rule(runsc, "clone3").path("action").asString()).isEqualTo("SCMP_ACT_TRACE");
        assertThat(rule(runsc, "clone3").has("errnoRet")).isFalse();
        // Every ENOSYS rule (socketcall too) becomes TRACE; every other rule, the default action and the
        // architectures stay as lowered.
        JsonNode sharedRules = shared.at("/linux/seccomp/syscalls");
        JsonNode runscRules = runsc.at("/linux/seccomp/syscalls");
        assertThat(runscRules.size()).isEqualTo(sharedRules.size());
        for (int i = 0; i < sharedRules.size(); i++) {
            JsonNode before = sharedRules.get(i);
            if (before.path("errnoRet").asInt(-1) == RunscConfig.ENOSYS) {
                ObjectNode expected = (ObjectNode) before.deepCopy();
                expected.put("action", "SCMP_ACT_TRACE");
                expected.remove("errnoRet");
                assertThat(runscRules.get(i)).isEqualTo(expected);
            } else {
                assertThat(runscRules.get(i)).isEqualTo(before);
            }
        }
        runsc.at("/linux/seccomp").properties().forEach(e -> {
            if (!e.getKey().equals("syscalls")) {
                assertThat(e.getValue()).isEqualTo(shared.at("/linux/seccomp").get(e.getKey()));
            }
        });
    }

    @Test
    void thePidsLimitIsTheSandboxsHostTasks() {
        SandboxSpec spec = BwrapLoweringTest.pythonSkill();
        ObjectNode runsc = OciLowering.lower(spec, HOST).config();

        OciRuntime.RUNSC.adapt(runsc, spec.limits().pids());

        assertThat(runsc.at("/linux/resources/pids/limit").asInt())
                .isEqualTo(OciRuntime.GVISOR_BASE_TASKS + OciRuntime.GVISOR_TASKS_PER_PID * spec.limits().pids())
                .isEqualTo(OciRuntime.RUNSC.hostTasks(spec.limits().pids()));
    }

    @Test
    void otherRuntimesReadTheSharedConfig() {
        SandboxSpec spec = BwrapLoweringTest.pythonSkill();
        for (OciRuntime runtime : List.of(OciRuntime.RUNC, OciRuntime.CRUN, OciRuntime.KATA)) {
            ObjectNode config = OciLowering.lower(spec, HOST).config();
            runtime.adapt(config, spec.limits().pids());
            assertThat(config).isEqualTo(OciLowering.lower(spec, HOST).config());
            assertThat(runtime.hostTasks(spec.limits().pids())).isEqualTo(spec.limits().pids());
        }
    }

    private static JsonNode rule(JsonNode config, String name) {
        for (JsonNode r : config.at("/linux/seccomp/syscalls")) {
            if (names(r).contains(name)) {
                return r;
            }
        }
        throw new AssertionError("no rule for " + name);
    }

    private static List<String> names(JsonNode rule) {
        List<String> names = new ArrayList<>();
        rule.path("names").forEach(n -> names.add(n.asString()));
        return names;
    }
}
