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
 * The skill-engine {@code .skill-engine.toml} examples (word statistics, a unit converter, a PII masker: busybox sh
 * and awk reading the params on stdin and data files of their bundles) and a skill under a container profile of the
 * policy, each run end to end through the CLI in a real runc sandbox whose root is an image the policy's
 * {@code images} provides (built from the host's static busybox, as examples/skills/busybox-image does). Needs root,
 * runc and busybox-static.
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
    void theUnitConverterConvertsLengthsAndTemperaturesEchoingItsInput() {
        assertThat(convert("{\"value\": 10, \"from_unit\": \"km\", \"to_unit\": \"mi\"}")).isEqualTo("""
                {"original_value": 10, "from_unit": "km", "to_unit": "mi", "quantity": "length", "converted_value": 6.213712}
                """);
        assertThat(convert("{\"value\": 100, \"from_unit\": \"celsius\", \"to_unit\": \"fahrenheit\"}")).isEqualTo("""
                {"original_value": 100, "from_unit": "celsius", "to_unit": "fahrenheit", "quantity": "temperature", "converted_value": 212}
                """);
        assertThat(convert("{\"value\": 36, \"from_unit\": \" KM\\/H \", \"to_unit\": \"m/s\", \"note\": null}"))
                .as("units as skillware-unit-converter takes them (trimmed, any case); a key it does not know is ignored")
                .isEqualTo("""
                        {"original_value": 36, "from_unit": "km/h", "to_unit": "m/s", "quantity": "speed", "converted_value": 10}
                        """);
    }

    @Test
    void theUnitConverterRefusesToConvertBetweenQuantitiesAndTheRunFails() {
        Cli.Result r = converter("{\"value\": 1, \"from_unit\": \"kg\", \"to_unit\": \"mi\"}");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("unit-converter: cannot convert mass (kg) to length (mi)\n")
                .contains(" failed (exit 2)");
    }

    @Test
    void theUnitConverterRefusesBadParamsSayingWhatIsWrong() {
        assertThat(converterError("{\"value\": \"ten\", \"from_unit\": \"km\", \"to_unit\": \"mi\"}"))
                .isEqualTo("unit-converter: value must be a JSON number, not the string \"ten\"");
        assertThat(converterError("{\"value\": 1, \"from_unit\": \"parsec\", \"to_unit\": \"mi\"}"))
                .startsWith("unit-converter: unknown unit \"parsec\"; known: mm cm m km in ft yd mi nmi (length), ");
        assertThat(converterError("{\"value\": 1, \"from_unit\": \"km\"}"))
                .isEqualTo("unit-converter: the params need value, from_unit and to_unit; pass {\"value\": 10, "
                        + "\"from_unit\": \"km\", \"to_unit\": \"mi\"}");
        assertThat(converterError("[10, \"km\", \"mi\"]"))
                .startsWith("unit-converter: the params must be a JSON object; pass {");
        assertThat(converterError("{\"value\": {\"amount\": 1}, \"from_unit\": \"km\", \"to_unit\": \"mi\"}"))
                .startsWith("unit-converter: the value of \"value\" is an array or an object; the params are a flat object");
    }

    @Test
    void paramsThatAreNotJsonAreRefusedBeforeTheSkillStarts() {
        Cli.Result r = converter("{\"value\": 10, \"from_unit\": \"km\",");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("the params cannot be used").contains("params: not valid JSON")
                .doesNotContain("unit-converter:");
    }

    @Test
    void thePiiMaskerMasksEveryKindWithThePatternsOfItsDataFileAndCountsThem() {
        String text = "Mail ana@example.org or call +44 20 7946 0958;\nIBAN DE89 3704 0044 0532 0130 00, card "
                + "4111 1111 1111 1111, server 192.168.1.20.\nAgain: ana@example.org, \"quoted\" \\ é";
        Cli.Result r = skillbox(images(), "run", Cli.example("skill-engine-pii-masker"), "--json",
                "--params", Json.json().writeValueAsString(Map.of("text", text)));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode run = Json.json().readTree(r.stdout());
        assertThat(run.path("status").stringValue()).isEqualTo("succeeded");
        assertThat(run.path("stdout").stringValue()).isEqualTo("""
                {"text": "Mail [EMAIL_1] or call [PHONE_1];\\nIBAN [IBAN_1], card [CARD_1], server [IPV4_1].\\n\
                Again: [EMAIL_1], \\"quoted\\" \\\\ é", \
                "counts": {"EMAIL": 2, "IBAN": 1, "CARD": 1, "IPV4": 1, "PHONE": 1}}
                """);
        assertThat(run.path("result").path("text").stringValue()).isEqualTo("Mail [EMAIL_1] or call [PHONE_1];\n"
                + "IBAN [IBAN_1], card [CARD_1], server [IPV4_1].\nAgain: [EMAIL_1], \"quoted\" \\ é");
    }

    @Test
    void thePiiMaskerLeavesLookalikesAloneAndRefusesATextThatIsNotAString() {
        Cli.Result clean = skillbox(images(), "run", Cli.example("skill-engine-pii-masker"), "--json", "--params",
                "{\"text\": \"version 1.2.3, ID X12345678, host 256.1.1.1, user ana@localhost\"}");
        assertThat(clean.exitCode()).as(clean.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Json.json().readTree(clean.stdout()).path("stdout").stringValue()).isEqualTo("""
                {"text": "version 1.2.3, ID X12345678, host 256.1.1.1, user ana@localhost", \
                "counts": {"EMAIL": 0, "IBAN": 0, "CARD": 0, "IPV4": 0, "PHONE": 0}}
                """);

        Cli.Result r = skillbox(images(), "run", Cli.example("skill-engine-pii-masker"), "--params", "{\"text\": 42}");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("pii-masker: text must be a JSON string, not 42\n").contains(" failed (exit 2)");
    }

    @Test
    void theConverterAndTheMaskerCarryTheSameJsonReader() throws IOException {
        assertThat(Files.readString(Cli.EXAMPLES.resolve("skill-engine-pii-masker/json.awk")))
                .as("a bundle is self-contained, so each has a copy; a fix to one belongs in both")
                .isEqualTo(Files.readString(Cli.EXAMPLES.resolve("skill-engine-unit-converter/json.awk")));
    }

    private Cli.Result converter(String params) {
        return skillbox(images(), "run", Cli.example("skill-engine-unit-converter"), "--params", params);
    }

    /** The converter's stdout: its result as it printed it, which the human output would pretty-print. */
    private String convert(String params) {
        Cli.Result r = skillbox(images(), "run", Cli.example("skill-engine-unit-converter"), "--json", "--params", params);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        return Json.json().readTree(r.stdout()).path("stdout").stringValue();
    }

    /** The first line of a failed converter run's stderr: the skill's own message. */
    private String converterError(String params) {
        Cli.Result r = converter(params);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        assertThat(r.stdout()).as(r.toString()).isEmpty();
        assertThat(r.stderr()).as(r.toString()).contains(" failed (exit 2)");
        return r.stderr().lines().findFirst().orElseThrow();
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
