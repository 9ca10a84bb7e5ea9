package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.error.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The manifest's entrypoint becomes the sandbox argv; nothing in it may climb out of the bundle. */
class EntrypointResolverTest {

    private static List<String> argv(String... entrypoint) {
        return spec(compile(manifest().entrypoint(entrypoint).build())).process().argv();
    }

    @Test
    void aBareCommandStaysForThePathLookupInsideTheSandbox() {
        assertThat(argv("python3", "main.py").getFirst()).isEqualTo("python3");
    }

    @Test
    void anArgumentNamingABundleFileBecomesItsPathUnderSkill() {
        assertThat(argv("python3", "main.py")).containsExactly("python3", "/skill/main.py");
    }

    @Test
    void aBundleFileAsTheProgramBecomesItsPathUnderSkill() {
        assertThat(argv("bin/tool", "./run.sh")).containsExactly("/skill/bin/tool", "/skill/run.sh");
    }

    @Test
    void absolutePathsAreSandboxPathsAndStayAsTheyAre() {
        assertThat(argv("/bin/sh", "/skill/run.sh")).containsExactly("/bin/sh", "/skill/run.sh");
    }

    @Test
    void argumentsStartingWithADashAreNeverResolved() {
        assertThat(argv("python3", "-u", "--input=../data", "-", "main.py"))
                .containsExactly("python3", "-u", "--input=../data", "-", "/skill/main.py");
    }

    @Test
    void anArgumentThatIsNotABundleFileStaysVerbatim() {
        assertThat(argv("python3", "main.py", "out/report.md", "data"))
                .containsExactly("python3", "/skill/main.py", "out/report.md", "data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "../../etc/passwd", "data/../../x", "./../x"})
    void aPathClimbingOutOfTheBundleIsRefused(String path) {
        List<Violation> violations = violations(compile(manifest().entrypoint("python3", path).build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("entrypoint[1]");
            assertThat(v.problem()).contains(path).contains("climbs out of the bundle");
            assertThat(v.fix()).contains("without '..'");
        });
    }

    @Test
    void aProgramClimbingOutOfTheBundleIsRefused() {
        List<Violation> violations = violations(compile(manifest().entrypoint("../bin/evil").build()));

        assertThat(violations).extracting(Violation::field).containsExactly("entrypoint[0]");
    }

    @Test
    void aMissingRelativePathAsTheProgramIsRefused() {
        List<Violation> violations = violations(compile(manifest().entrypoint("bin/missing", "main.py").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("entrypoint[0]");
            assertThat(v.problem()).contains("'bin/missing' is not a file in the bundle");
            assertThat(v.fix()).contains("add the file to the bundle");
        });
    }

    @Test
    void aBundleDirectoryIsNotAProgram() {
        List<Violation> violations = violations(compile(manifest().entrypoint("data/").build()));

        assertThat(violations).extracting(Violation::field).containsExactly("entrypoint[0]");
    }
}
