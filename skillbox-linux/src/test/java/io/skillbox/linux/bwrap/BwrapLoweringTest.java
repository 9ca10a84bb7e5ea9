package io.skillbox.linux.bwrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.Golden;
import io.skillbox.core.compile.BundleView;
import io.skillbox.core.compile.CompileResult;
import io.skillbox.core.compile.HostLayout;
import io.skillbox.core.compile.PolicyCompiler;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SeccompProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure lowering of specs to bwrap invocations, pinned by golden files. */
public class BwrapLoweringTest {
    private static final Path BUNDLE = Path.of("/srv/skills/word-count");
    private static final BwrapLowering.HostMounts HOST = new BwrapLowering.HostMounts(
            Path.of("/run/skillbox/runs/r1/work"), Path.of("/run/skillbox/runs/r1/skill"));
    private static final SeccompProfile SECCOMP = new SeccompProfile("builtin:default",
            SeccompProfile.Action.ERRNO, 1, List.of("x86_64"), List.of());

    @Test
    void pythonSkillUnderTheDefaultPolicy() {
        SandboxSpec spec = compile(manifest(List.of("python3", "main.py"), List.of()));
        Golden.assertMatches("bwrap/word-count.txt", BwrapLowering.lower(spec, HOST).render());
    }

    @Test
    void bundleFilesMountedElsewhereAreReachedThroughTheBundleMount() {
        SandboxSpec spec = compile(manifest(List.of("/bin/sh", "run.sh"),
                List.of(new Manifest.FileMount("templates", "/data/templates", true))));
        BwrapCommand command = BwrapLowering.lower(spec, HOST);
        Golden.assertMatches("bwrap/with-files.txt", command.render());
        assertThat(command.options()).containsSubsequence("--ro-bind", "/run/skillbox/runs/r1/skill/templates",
                "/data/templates");
        assertThat(String.join(" ", command.options())).doesNotContain(BUNDLE.toString());
    }

    @Test
    void everyNamespaceIsNewAndTheRootEndsReadOnly() {
        List<String> options = BwrapLowering.lower(compile(manifest(List.of("python3", "main.py"), List.of())), HOST)
                .options();
        assertThat(options).contains("--unshare-user", "--disable-userns", "--unshare-ipc", "--unshare-pid",
                "--unshare-net", "--unshare-uts", "--unshare-cgroup", "--die-with-parent", "--new-session",
                "--clearenv");
        assertThat(options).containsSubsequence("--cap-drop", "ALL");
        assertThat(options.subList(options.size() - 4, options.size())).containsExactly("--remount-ro", "/", "--chdir",
                "/work");
    }

    @Test
    void allowlistRunsInTheNamespaceSkillboxServes() {
        SandboxSpec spec = withNetwork(pythonSkill(), new NetworkSpec.Allowlist(List.of("api.example.com:443"),
                List.of(), new NetworkSpec.EgressLimits(64, 256L << 20, 16384)))
                .withAddedEnvironment(Map.of("HTTP_PROXY", "http://127.0.0.1:3128",
                        "HTTPS_PROXY", "http://127.0.0.1:3128"));
        Golden.assertMatches("bwrap/allowlist.txt", BwrapLowering.lower(spec, HOST).render());
    }

    @Test
    void brokerRunsInTheNamespaceSkillboxServes() {
        SandboxSpec spec = withNetwork(pythonSkill(), new NetworkSpec.Broker(List.of("custom/weather-api-key"),
                "local")).withAddedEnvironment(Map.of("SKILLBOX_BROKER_URL", "http://127.0.0.1:8077",
                        "SKILLBOX_TOKEN", "<token>"));
        Golden.assertMatches("bwrap/broker.txt", BwrapLowering.lower(spec, HOST).render());
    }

    /** bwrap must not make a namespace of its own for served modes, or the host's listeners would be out of reach. */
    @Test
    void servedModesDifferFromNoneOnlyInWhoMakesTheNetworkNamespace() {
        SandboxSpec none = pythonSkill();
        List<String> expected = new java.util.ArrayList<>(BwrapLowering.lower(none, HOST).options());
        assertThat(expected.remove("--unshare-net")).isTrue();
        for (NetworkSpec served : List.of(new NetworkSpec.Broker(List.of(), "local"), new NetworkSpec.Allowlist(
                List.of("a.example:443"), List.of(), new NetworkSpec.EgressLimits(1, 1, 1024)))) {
            assertThat(BwrapLowering.lower(withNetwork(none, served), HOST).options()).as(served.mode())
                    .isEqualTo(expected);
        }
    }

    public static SandboxSpec pythonSkill() {
        return compile(manifest(List.of("python3", "main.py"), List.of()));
    }

    public static SandboxSpec withNetwork(SandboxSpec s, NetworkSpec network) {
        return new SandboxSpec(s.runId(), s.skill(), s.isolation(), s.process(), s.mounts(), network, s.limits(),
                s.privileges(), s.artifacts(), s.hostname(), s.snapshot());
    }

    private static SandboxSpec compile(Manifest manifest) {
        Map<String, HostLayout.Entry> host = new LinkedHashMap<>();
        host.put("/usr", new HostLayout.Entry.Present(Path.of("/usr")));
        host.put("/bin", new HostLayout.Entry.Link("usr/bin", Path.of("/usr/bin")));
        host.put("/lib", new HostLayout.Entry.Link("usr/lib", Path.of("/usr/lib")));
        host.put("/lib64", new HostLayout.Entry.Link("usr/lib64", Path.of("/usr/lib64")));
        host.put("/etc/ld.so.cache", new HostLayout.Entry.Present(Path.of("/etc/ld.so.cache")));
        host.put("/libx32", new HostLayout.Entry.Missing());
        CompileResult result = PolicyCompiler.compile(new PolicyCompiler.Input("0000000000aa-12345678", manifest,
                new FakeBundle(), PolicyLoader.builtin(), new HostLayout(host), SECCOMP));
        assertThat(result).isInstanceOf(CompileResult.Compiled.class);
        return ((CompileResult.Compiled) result).spec();
    }

    private static Manifest manifest(List<String> entrypoint, List<Manifest.FileMount> files) {
        return new Manifest("word-count", "1.0.0", "", entrypoint, Optional.empty(), Optional.empty(),
                Manifest.Runtime.DEFAULT,
                new Manifest.Resources(Optional.of(64L << 20), Optional.of(500L), Optional.of(16),
                        Optional.of(Duration.ofSeconds(10)), Optional.of(64L << 10), Optional.empty()),
                Manifest.Network.DEFAULT, List.of(), files, Optional.empty());
    }

    /** A bundle holding main.py, run.sh and templates/. */
    private static final class FakeBundle implements BundleView {
        private static final Set<String> FILES = Set.of("main.py", "run.sh");

        @Override
        public Path root() {
            return BUNDLE;
        }

        @Override
        public Optional<Path> resolve(String relative) {
            String normalized = Path.of(relative).normalize().toString();
            return FILES.contains(normalized) || normalized.equals("templates")
                    ? Optional.of(BUNDLE.resolve(normalized)) : Optional.empty();
        }

        @Override
        public boolean isFile(String relative) {
            return FILES.contains(Path.of(relative).normalize().toString());
        }
    }
}
