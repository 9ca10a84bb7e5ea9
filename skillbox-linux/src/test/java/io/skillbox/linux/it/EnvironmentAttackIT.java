package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The skill tries to read skillbox's own environment (where an operator's secrets live). */
class EnvironmentAttackIT extends SandboxIT {

    @Test
    void seesOnlyItsOwnEnvironment(@TempDir Path dir) {
        String secret = System.getenv("SKILLBOX_IT_SECRET");
        assertThat(secret).as("failsafe sets SKILLBOX_IT_SECRET for this test").isNotBlank();
        Path bundle = TestSkills.python(dir, "{ timeout: 10s }", """
                import glob, json, os, sys
                jvm = json.load(sys.stdin)["jvm"]
                leaks = {}
                for path in ["/proc/1/environ", "/proc/self/environ", "/proc/%d/environ" % jvm] + glob.glob("/proc/*/environ"):
                    try:
                        leaks[path] = open(path, "rb").read().decode(errors="replace")
                    except OSError as e:
                        leaks[path] = type(e).__name__
                json.dump({"env": dict(os.environ), "files": leaks}, sys.stdout)
                """);

        RunResult r = run(bundle, Map.of("jvm", ProcessHandle.current().pid()));

        assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.stdout()).doesNotContain(secret);
        JsonNode env = json(r).path("env");
        assertThat(env.propertyNames()).containsExactlyInAnyOrder("SKILLBOX_RUN_ID", "SKILLBOX_SKILL", "HOME", "PATH",
                "LANG", "TMPDIR", "PYTHONDONTWRITEBYTECODE", "PWD"); // bwrap sets PWD to the working directory
        assertThat(env.path("SKILLBOX_RUN_ID").asString()).isEqualTo(r.runId());
        assertThat(env.path("HOME").asString()).isEqualTo("/work");
    }
}
