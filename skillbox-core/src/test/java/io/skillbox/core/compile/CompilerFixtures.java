package io.skillbox.core.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.trust.TrustPolicy;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SeccompProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hand-made inputs for the policy compiler: a fake bundle, a policy whose every value is stated here
 * (so a test can name the ceiling it expects), a merged-/usr host layout and a tiny seccomp profile.
 */
final class CompilerFixtures {
    static final String RUN_ID = "0000000000aa-12345678";
    static final Path BUNDLE = Path.of("/srv/skills/demo");
    static final SeccompProfile SECCOMP = new SeccompProfile("builtin:test", SeccompProfile.Action.ERRNO, 1,
            List.of("x86_64"), List.of(
                    new SeccompProfile.Rule(List.of("read", "write"), SeccompProfile.Action.ALLOW, 0, List.of()),
                    new SeccompProfile.Rule(List.of("exit_group"), SeccompProfile.Action.ALLOW, 0, List.of()),
                    new SeccompProfile.Rule(List.of("ptrace"), SeccompProfile.Action.ERRNO, 1, List.of())));

    static final Policy.ResourceValues DEFAULTS = new Policy.ResourceValues(
            256L << 20, 1000, 128, Duration.ofSeconds(30), 1L << 20, 64L << 20, 32L << 20);
    static final Policy.ResourceValues CEILINGS = new Policy.ResourceValues(
            1L << 30, 2000, 512, Duration.ofMinutes(5), 8L << 20, 512L << 20, 256L << 20);

    private CompilerFixtures() {}

    /** The policy of most tests; {@link PolicyBuilder} changes one thing at a time. */
    static Policy policy() {
        return new PolicyBuilder().build();
    }

    static final class PolicyBuilder {
        Set<Isolation> allowedIsolation = EnumSet.of(Isolation.NAMESPACES, Isolation.GVISOR);
        String defaultNetworkMode = "none";
        Set<String> allowedNetworkModes = Set.of("none", "broker", "allowlist");
        List<Path> blockedPaths = List.of(Path.of("/root"), Path.of("/home"), Path.of("/etc/shadow"),
                Path.of("/proc"), Path.of("/tmp"), Path.of("/run/skillbox"));
        Policy.Sandbox sandbox = new Policy.Sandbox(1234, 4321, "sbx-test");
        TrustPolicy trust = TrustPolicy.DEFAULT;
        io.skillbox.core.policy.EgressPolicy egress = new io.skillbox.core.policy.EgressPolicy(
                List.of("*:443", "*:80"), List.of(), new io.skillbox.spec.NetworkSpec.EgressLimits(256, 256L << 20, 16384));
        io.skillbox.core.policy.CredentialPolicy credentials = new io.skillbox.core.policy.CredentialPolicy(
                java.util.Map.of(), java.util.Map.of("local", new io.skillbox.core.policy.CredentialPolicy.Agent(List.of())),
                new io.skillbox.core.policy.CredentialPolicy.Store(Path.of("/var/lib/skillbox/secrets.json"),
                        "SKILLBOX_SECRETS_KEY", Path.of("/var/lib/skillbox/keys/secrets.key")),
                java.time.Duration.ofMinutes(5));

        PolicyBuilder allowedIsolation(Isolation... tiers) {
            allowedIsolation = EnumSet.copyOf(List.of(tiers));
            return this;
        }

        PolicyBuilder allowedNetworkModes(String... modes) {
            allowedNetworkModes = Set.of(modes);
            return this;
        }

        PolicyBuilder blockedPaths(String... paths) {
            blockedPaths = List.of(paths).stream().map(Path::of).toList();
            return this;
        }

        /** Limits one level of the default trust levels: {@code null} leaves that list unlimited. */
        PolicyBuilder tiers(String level, List<Isolation> isolation, List<String> network) {
            Map<String, TrustPolicy.LevelTiers> tiers = new LinkedHashMap<>(trust.tiers());
            tiers.put(level, new TrustPolicy.LevelTiers(Optional.ofNullable(isolation), Optional.ofNullable(network)));
            trust = new TrustPolicy(trust.levels(), trust.publishers(), trust.unsigned(), trust.tampered(), tiers,
                    trust.revocations(), trust.revocationFiles());
            return this;
        }

        PolicyBuilder sandbox(int uid, int gid, String hostname) {
            sandbox = new Policy.Sandbox(uid, gid, hostname);
            return this;
        }

        Policy build() {
            return new Policy("test:policy", DEFAULTS, CEILINGS, Isolation.NAMESPACES, allowedIsolation,
                    defaultNetworkMode, allowedNetworkModes,
                    new Policy.Filesystem(List.of("/usr", "/bin", "/lib", "/lib64", "/etc/ld.so.cache", "/libx32"),
                            blockedPaths),
                    "builtin:test", new Policy.Artifacts(64, 16L << 20), sandbox, trust,
                    new Policy.Oversight(java.nio.file.Path.of("/var/lib/skillbox"), "run", 64,
                            java.util.Set.of("violation", "failure"), 256, 8L << 20, 3),
                    egress, credentials, Policy.Containers.NONE);
        }
    }

    /** A manifest that asks for nothing but an entrypoint; the setters ask for one thing each. */
    static final class ManifestBuilder {
        String name = "demo";
        List<String> entrypoint = List.of("python3", "main.py");
        Optional<String> isolation = Optional.empty();
        Optional<String> image = Optional.empty();
        Optional<Long> memory = Optional.empty();
        Optional<Long> cpuMillis = Optional.empty();
        Optional<Integer> pids = Optional.empty();
        Optional<Duration> timeout = Optional.empty();
        Optional<Long> output = Optional.empty();
        Optional<Long> scratch = Optional.empty();
        Optional<String> networkMode = Optional.empty();
        List<String> hosts = List.of();
        List<String> credentials = List.of();
        List<Manifest.FileMount> files = List.of();

        ManifestBuilder name(String value) {
            name = value;
            return this;
        }

        ManifestBuilder entrypoint(String... argv) {
            entrypoint = List.of(argv);
            return this;
        }

        ManifestBuilder isolation(String value) {
            isolation = Optional.of(value);
            return this;
        }

        ManifestBuilder image(String path) {
            image = Optional.of(path);
            return this;
        }

        ManifestBuilder memory(long bytes) {
            memory = Optional.of(bytes);
            return this;
        }

        ManifestBuilder cpuMillis(long value) {
            cpuMillis = Optional.of(value);
            return this;
        }

        ManifestBuilder pids(int value) {
            pids = Optional.of(value);
            return this;
        }

        ManifestBuilder timeout(Duration value) {
            timeout = Optional.of(value);
            return this;
        }

        ManifestBuilder output(long bytes) {
            output = Optional.of(bytes);
            return this;
        }

        ManifestBuilder scratch(long bytes) {
            scratch = Optional.of(bytes);
            return this;
        }

        ManifestBuilder network(String mode, String... allowlist) {
            networkMode = Optional.of(mode);
            hosts = List.of(allowlist);
            return this;
        }

        ManifestBuilder hosts(String... allowlist) {
            hosts = List.of(allowlist);
            return this;
        }

        ManifestBuilder credentials(String... capabilities) {
            credentials = List.of(capabilities);
            return this;
        }

        ManifestBuilder file(String source, String target) {
            List<Manifest.FileMount> more = new ArrayList<>(files);
            more.add(new Manifest.FileMount(source, target, true));
            files = more;
            return this;
        }

        Manifest build() {
            return new Manifest(name, "1.0.0", "", entrypoint, Optional.empty(), Optional.empty(),
                    new Manifest.Runtime(isolation, image),
                    new Manifest.Resources(memory, cpuMillis, pids, timeout, output, scratch),
                    new Manifest.Network(networkMode, hosts), credentials, files, Optional.empty());
        }
    }

    static ManifestBuilder manifest() {
        return new ManifestBuilder();
    }

    /** /usr is a directory; /bin, /lib and /lib64 are merged-/usr links; /libx32 does not exist. */
    static HostLayout mergedUsrHost() {
        Map<String, HostLayout.Entry> host = new LinkedHashMap<>();
        host.put("/usr", new HostLayout.Entry.Present(Path.of("/usr")));
        host.put("/bin", new HostLayout.Entry.Link("usr/bin", Path.of("/usr/bin")));
        host.put("/lib", new HostLayout.Entry.Link("usr/lib", Path.of("/usr/lib")));
        host.put("/lib64", new HostLayout.Entry.Link("usr/lib64", Path.of("/usr/lib64")));
        host.put("/etc/ld.so.cache", new HostLayout.Entry.Present(Path.of("/etc/ld.so.cache")));
        host.put("/libx32", new HostLayout.Entry.Missing());
        return new HostLayout(host);
    }

    /** Compiles with the default fake bundle, the fixture policy and the merged-/usr host. */
    static CompileResult compile(Manifest manifest) {
        return compile(manifest, policy());
    }

    static CompileResult compile(Manifest manifest, Policy policy) {
        return compile(manifest, policy, mergedUsrHost(), new FakeBundle(BUNDLE));
    }

    static CompileResult compile(Manifest manifest, Policy policy, HostLayout host, BundleView bundle) {
        return PolicyCompiler.compile(new PolicyCompiler.Input(RUN_ID, manifest, bundle, policy, host, SECCOMP));
    }

    /** Compiles at a given trust level, with the default fake bundle and the merged-/usr host. */
    static CompileResult compileAt(String trustLevel, Manifest manifest, Policy policy) {
        return PolicyCompiler.compile(new PolicyCompiler.Input(RUN_ID, manifest, new FakeBundle(BUNDLE), policy,
                mergedUsrHost(), SECCOMP, trustLevel, PolicyCompiler.Input.DEFAULT_AGENT));
    }

    /** Compiles for a given agent, with the default fake bundle and the merged-/usr host. */
    static CompileResult compileFor(String agent, Manifest manifest, Policy policy) {
        return PolicyCompiler.compile(new PolicyCompiler.Input(RUN_ID, manifest, new FakeBundle(BUNDLE), policy,
                mergedUsrHost(), SECCOMP, policy.trust().lowest(), agent));
    }

    static SandboxSpec spec(CompileResult result) {
        assertThat(result).as("compiled, not refused").isInstanceOf(CompileResult.Compiled.class);
        return ((CompileResult.Compiled) result).spec();
    }

    static List<Violation> violations(CompileResult result) {
        assertThat(result).as("refused, not compiled").isInstanceOf(CompileResult.Refused.class);
        return ((CompileResult.Refused) result).violations();
    }

    /**
     * A bundle holding main.py, run.sh, bin/tool, image.tar, data/ with data/readme.txt, and a link that resolves
     * outside the bundle (which {@link BundleView#resolve} therefore does not answer).
     */
    record FakeBundle(Path root) implements BundleView {
        static final Set<String> FILES = Set.of("main.py", "run.sh", "bin/tool", "image.tar", "data/readme.txt");
        static final Set<String> DIRECTORIES = Set.of("data", "bin");

        @Override
        public Optional<Path> resolve(String relative) {
            String normalized = Path.of(relative).normalize().toString();
            return FILES.contains(normalized) || DIRECTORIES.contains(normalized)
                    ? Optional.of(root.resolve(normalized)) : Optional.empty();
        }

        @Override
        public boolean isFile(String relative) {
            return FILES.contains(Path.of(relative).normalize().toString());
        }
    }
}
