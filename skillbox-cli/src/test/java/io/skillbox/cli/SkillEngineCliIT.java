package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.TestBundles;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A skill-engine {@code .skill-engine.toml} skill and a skill under a container profile of the policy, each run end
 * to end through the CLI in a real runc sandbox whose root is an image the policy's {@code images} provides (built
 * from the host's static busybox, as examples/skills/busybox-image does). Needs root, runc and busybox-static.
 */
class SkillEngineCliIT {
    private static final String IMAGE_REF = "skillbox/busybox-demo:1";

    @TempDir
    static Path shared;

    @TempDir
    Path temp;

    private static Path image;

    @BeforeAll
    static void buildImage() throws IOException, InterruptedException {
        image = shared.resolve("busybox-demo.tar");
        Process p = new ProcessBuilder("bash", Cli.EXAMPLES.resolve("busybox-image/build-image.sh").toString(), image.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    private Cli.Result skillbox(String extraPolicy, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--policy", Cli.isolatedPolicy(temp, extraPolicy).toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private static String images() {
        return "images: { \"" + IMAGE_REF + "\": " + image + " }\n";
    }

    @Test
    void theWordStatsSkillRunsInItsImageWithItsDataAndItsWorkdirLink() {
        Path artifacts = temp.resolve("artifacts");
        Cli.Result r = skillbox(images(), "run", Cli.example("skill-engine-word-stats"), "--json",
                "--artifacts", artifacts.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode run = Json.json().readTree(r.stdout());
        assertThat(run.path("status").stringValue()).isEqualTo("succeeded");
        assertThat(run.path("result")).isEqualTo(Json.json().readTree("""
                {"lines": 3, "words": 27, "top": [{"word": "the", "count": 5}, {"word": "skill", "count": 3},
                 {"word": "and", "count": 2}]}
                """));
        assertThat(run.path("artifacts").toString()).contains("summary.txt");
    }

    @Test
    void checkShowsTheFormatTheMappingAndTheImageFromThePolicy() {
        Cli.Result r = skillbox(images(), "check", Cli.example("skill-engine-word-stats"), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode doc = Json.json().readTree(r.stdout());
        assertThat(doc.path("format").stringValue()).isEqualTo(".skill-engine.toml (skill-engine)");
        assertThat(doc.path("manifest").path("runtime").path("imageReference").stringValue()).isEqualTo(IMAGE_REF);
        assertThat(doc.path("mapping").toString()).contains("'${SKILL_WORKDIR}:/workdir'")
                .contains("the bundle's ./data read-only at /data");
        assertThat(doc.path("spec").path("isolation").stringValue()).isEqualTo("CONTAINER");
        assertThat(doc.path("spec").toString()).contains(image.toString()).contains("\"/workdir\"");
    }

    @Test
    void withoutTheImageInThePolicyTheRunIsRefusedSayingHowToProvideIt() {
        Cli.Result r = skillbox("", "run", Cli.example("skill-engine-word-stats"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("runtime.image").contains("docker save " + IMAGE_REF)
                .contains("images: { \"" + IMAGE_REF + "\"");
    }

    @Test
    void aPrivilegedSkillIsRefusedBeforeAnythingStartsNamingTheField() {
        Path bundle = TestBundles.files(temp.resolve("bad"), Map.of(".skill-engine.toml", """
                [skills.bad]
                runtime = "docker"
                [skills.bad.docker]
                image = "skillbox/busybox-demo:1"
                entrypoint = "sh"
                extra_args = ["--privileged"]
                volumes = ["/var/run/docker.sock:/var/run/docker.sock"]
                """));
        Cli.Result r = skillbox(images(), "run", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("skills.bad.docker.volumes[0]").contains("socket")
                .contains("skills.bad.docker.extra_args[0]").contains("privileged");
    }

    @Test
    void aSkillNamingAProfileRunsInTheProfilesImageWithItsVolumesAndLimits() {
        Path bundle = TestBundles.files(temp.resolve("agent"), Map.of(
                "skill.yaml", """
                        apiVersion: skillbox/v1
                        name: profiled
                        version: "1"
                        entrypoint: [sh, main.sh]
                        runtime: { profile: agent }
                        """,
                "main.sh", "cat /etc/os-release | busybox head -n 1; cat /agent/data/greeting.txt\n",
                "data/greeting.txt", "hello from the bundle\n"));
        String policy = images() + """
                profiles:
                  agent:
                    image: "skillbox/busybox-demo:1"
                    cap_drop: [ALL]
                    seccomp_profile: "builtin:default"
                    read_only_fs: true
                    limits: { memory: 48MB, cpu: 0.5 }
                    volumes: ["./data:/agent/data:ro", "./tmp:/work:rw"]
                    network: isolated
                """;

        Cli.Result run = skillbox(policy, "run", bundle.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run.stdout()).isEqualTo("NAME=skillbox-busybox\nhello from the bundle\n");

        Cli.Result check = skillbox(policy, "check", bundle.toString(), "--json");
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Json.json().readTree(check.stdout()).path("profile").toString())
                .contains("profiles.agent.limits.memory: resources.memory 48Mi unless the skill states its own");
        JsonNode spec = Json.json().readTree(check.stdout()).path("spec");
        assertThat(spec.path("isolation").stringValue()).isEqualTo("CONTAINER");
        assertThat(spec.path("limits").path("memoryBytes").longValue()).isEqualTo(48L << 20);
        assertThat(spec.path("limits").path("cpuMillis").longValue()).isEqualTo(500L);
    }
}
