package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.BUNDLE;
import static io.skillbox.core.compile.CompilerFixtures.RUN_ID;
import static io.skillbox.core.compile.CompilerFixtures.SECCOMP;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.mergedUsrHost;
import static io.skillbox.core.compile.CompilerFixtures.policy;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.compile.CompilerFixtures.FakeBundle;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.spec.Mount;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What other manifest formats add to a spec: skillbox's own read-only files, and a chosen script's arguments. */
class ForeignFormatCompileTest {
    private static final Manifest.ProvidedFile RUNNER = new Manifest.ProvidedFile("/opt/skillbox/python/runner.py",
            "print('runner')\n", "a runner");

    private static SandboxSpec compile(Manifest manifest, List<String> args) {
        return spec(PolicyCompiler.compile(new PolicyCompiler.Input(RUN_ID, manifest, new FakeBundle(BUNDLE), policy(),
                mergedUsrHost(), SECCOMP, policy().trust().lowest(), PolicyCompiler.Input.DEFAULT_AGENT, args)));
    }

    private static Manifest withProvided(Manifest m, List<Manifest.ProvidedFile> provided) {
        return new Manifest(m.name(), m.version(), m.description(), m.entrypoint(), m.params(), m.result(), m.runtime(),
                m.resources(), m.network(), m.credentials(), m.files(), m.trust(), m.scripts(), provided);
    }

    @Test
    void providedFilesAreReadOnlyDataFilesAfterTheBundleAndItsFiles() {
        Manifest m = withProvided(manifest().entrypoint("python3", "/opt/skillbox/python/runner.py", "/skill")
                .file("data", "/data").build(), List.of(RUNNER));

        List<Mount> mounts = compile(m, List.of()).mounts();

        assertThat(mounts).extracting(Mount::target).containsSubsequence("/skill", "/data",
                "/opt/skillbox/python/runner.py", "/tmp", "/work");
        assertThat(mounts).contains(new Mount.DataFile("/opt/skillbox/python/runner.py", "print('runner')\n", 0444));
    }

    @Test
    void aSystemPathBoundOverTheProvidedFilesIsRefusedNamingThePolicyField() {
        Map<String, HostLayout.Entry> host = new LinkedHashMap<>(mergedUsrHost().entries());
        host.put("/opt", new HostLayout.Entry.Present(Path.of("/opt")));
        Manifest m = withProvided(manifest().build(), List.of(RUNNER));

        List<Violation> violations = violations(PolicyCompiler.compile(new PolicyCompiler.Input(RUN_ID, m,
                new FakeBundle(BUNDLE), policy(), new HostLayout(host), SECCOMP)));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(policy) filesystem.systemPaths");
            assertThat(v.problem()).isEqualTo("/opt is bound over /opt/skillbox/python/runner.py, where skillbox places a runner");
            assertThat(v.fix()).contains("/opt/skillbox/site-packages");
        });
    }

    @Test
    void aSkillYamlManifestGetsNoProvidedFiles() {
        assertThat(compile(manifest().build(), List.of()).mounts())
                .noneMatch(mount -> mount.target().startsWith("/opt/skillbox"));
    }

    @Test
    void argumentsFollowTheResolvedEntrypointVerbatim() {
        List<String> args = List.of("main.py", "../../etc/passwd", "data/readme.txt", "--flag", "a b");

        SandboxSpec spec = compile(manifest().entrypoint("python3", "main.py").build(), args);

        // Unlike entrypoint elements, arguments are the caller's data: never resolved to /skill, never refused.
        assertThat(spec.process().argv()).containsExactly("python3", "/skill/main.py", "main.py", "../../etc/passwd",
                "data/readme.txt", "--flag", "a b");
    }

    @Test
    void providedFilesLiveOnlyUnderOptSkillbox() {
        assertThatThrownBy(() -> new Manifest.ProvidedFile("/usr/bin/python3", "x", "no"))
                .hasMessageContaining("/opt/skillbox/");
        assertThatThrownBy(() -> new Manifest.ProvidedFile("/opt/skillbox/../../etc/passwd", "x", "no"))
                .hasMessageContaining("normalized");
    }
}
