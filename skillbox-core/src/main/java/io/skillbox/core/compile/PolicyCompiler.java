package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.trust.TrustPolicy;
import io.skillbox.spec.ArtifactSpec;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.Limits;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.Privileges;
import io.skillbox.spec.ProcessSpec;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SkillRef;
import io.skillbox.spec.SnapshotSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compiles a manifest under a policy into a {@link SandboxSpec}. Pure: every input is a parameter, and
 * every violation is reported, not just the first, each naming the manifest field and the fix. The
 * bundle's trust level narrows the isolation tiers and network modes further ({@code trust.tiers}).
 */
public final class PolicyCompiler {
    /** Where the skill's working directory and artifacts live inside the sandbox. */
    public static final String WORKDIR = "/work";
    public static final String ARTIFACT_DIR = WORKDIR + "/out";

    private PolicyCompiler() {}

    /**
     * Everything the compiler reads.
     *
     * @param trustLevel the bundle's trust level ({@link io.skillbox.core.trust.TrustDecision#level()}), one of
     *                   the policy's {@code trust.levels}
     * @param agent      the agent the run acts for: its grants bound the capabilities ({@code credentials.agents})
     * @param args       appended verbatim to the resolved entrypoint: the {@code -- ARGS} of a run that chose a script
     */
    public record Input(
            String runId,
            Manifest manifest,
            BundleView bundle,
            Policy policy,
            HostLayout host,
            SeccompProfile seccomp,
            String trustLevel,
            String agent,
            List<String> args) {
        /** The agent {@code skillbox run} acts for unless told otherwise. */
        public static final String DEFAULT_AGENT = "local";

        public Input {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(agent, "agent");
            args = List.copyOf(args);
            if (!policy.trust().hasLevel(trustLevel)) {
                throw new IllegalArgumentException("'" + trustLevel + "' is not a trust level of " + policy.trust().levels());
            }
        }

        /** The same input with another manifest (e.g. as a container profile shapes it). */
        Input withManifest(Manifest other) {
            return new Input(runId, other, bundle, policy, host, seccomp, trustLevel, agent, args);
        }

        /** A run without arguments of its own. */
        public Input(String runId, Manifest manifest, BundleView bundle, Policy policy, HostLayout host, SeccompProfile seccomp,
                String trustLevel, String agent) {
            this(runId, manifest, bundle, policy, host, seccomp, trustLevel, agent, List.of());
        }

        /** Without a trust decision the bundle is held to the policy's lowest level, the least privileged. */
        public Input(String runId, Manifest manifest, BundleView bundle, Policy policy, HostLayout host, SeccompProfile seccomp) {
            this(runId, manifest, bundle, policy, host, seccomp, policy.trust().lowest(), DEFAULT_AGENT);
        }
    }

    public static CompileResult compile(Input asked) {
        List<Violation> violations = new ArrayList<>();
        Policy policy = asked.policy();
        Manifest m = ProfileRules.profile(asked.manifest(), policy, violations)
                .map(p -> ProfileRules.apply(asked.manifest(), p, violations)).orElse(asked.manifest());
        Input in = asked.withManifest(m);

        TrustPolicy.LevelTiers tiers = policy.trust().tiers(in.trustLevel());
        Isolation isolation = isolation(m, policy, in.trustLevel(), violations);
        Limits limits = ResourceRules.limits(m.resources(), policy, violations);
        NetworkSpec network = NetworkRules.network(m, policy, in.agent(), violations);
        if (!tiers.allowsNetwork(network.mode()) && policy.allowedNetworkModes().contains(network.mode())) {
            String allowed = String.join(", ", tiers.network().orElseThrow());
            violations.add(new Violation("network.mode",
                    "trust level '" + in.trustLevel() + "' may only use network mode " + allowed + " (policy trust.tiers."
                            + in.trustLevel() + ".network), not " + network.mode(),
                    "use network.mode: " + tiers.network().orElseThrow().getFirst() + ", sign the bundle with a publisher key of "
                            + "a higher level, or have the operator widen trust.tiers." + in.trustLevel() + ".network"));
        }
        List<String> argv = new ArrayList<>(EntrypointResolver.resolve(m.entrypoint(), in.bundle(), violations));
        argv.addAll(in.args());
        var mounts = MountPlan.mounts(in, limits, violations);

        if (!violations.isEmpty()) {
            return new CompileResult.Refused(violations);
        }
        Policy.Sandbox sandbox = policy.sandbox();
        ProcessSpec process = new ProcessSpec(argv, environment(in.runId(), m, network), WORKDIR, sandbox.uid(), sandbox.gid());
        Privileges privileges = new Privileges(List.of(), true, in.seccomp());
        ArtifactSpec artifacts = new ArtifactSpec(ARTIFACT_DIR, policy.artifacts().maxFiles(), policy.artifacts().maxBytes());
        SkillRef skill = new SkillRef(m.name(), m.version(), in.bundle().root());
        return new CompileResult.Compiled(new SandboxSpec(in.runId(), skill, isolation, process, mounts, network,
                limits, privileges, artifacts, sandbox.hostname(), snapshot(policy.oversight())));
    }

    /** The policy keeps /work for forensics only when it writes bundles unasked; a request can still ask. */
    private static SnapshotSpec snapshot(Policy.Oversight o) {
        SnapshotSpec.When when = o.forensicsOn().isEmpty() || o.snapshotMaxFiles() == 0
                ? SnapshotSpec.When.NEVER : SnapshotSpec.When.ON_TROUBLE;
        return new SnapshotSpec(when, o.snapshotMaxFiles(), o.snapshotMaxBytes());
    }

    private static Isolation isolation(Manifest m, Policy policy, String level, List<Violation> violations) {
        TrustPolicy.LevelTiers tiers = policy.trust().tiers(level);
        Optional<String> asked = m.runtime().isolation();
        boolean image = m.runtime().hasImage();
        Isolation isolation = asked.flatMap(Isolation::fromWireName).orElseGet(() -> defaultIsolation(policy, tiers));
        if (image && asked.isEmpty() && isolation == Isolation.NAMESPACES) {
            // The namespaces tier shows the host's system directories; an image needs a container at least: the
            // weakest stronger tier the policy and the trust level allow.
            isolation = Arrays.stream(Isolation.values())
                    .filter(t -> t != Isolation.NAMESPACES && t != Isolation.WASM && policy.allowedIsolation().contains(t) && tiers.allowsIsolation(t))
                    .findFirst().orElse(Isolation.NAMESPACES);
        }
        if (image && isolation == Isolation.NAMESPACES) {
            violations.add(new Violation("runtime.image",
                    "an image's root filesystem needs isolation container or stronger; namespaces shows the host's "
                            + "system directories",
                    "set runtime.isolation: container (or gvisor), or remove runtime.image"));
        } else if (!policy.allowedIsolation().contains(isolation)) {
            violations.add(new Violation("runtime.isolation",
                    "isolation '" + isolation.wireName() + "' is not allowed by the policy (isolation.allowed: "
                            + wireNames(policy) + ")",
                    "ask for one of " + wireNames(policy) + ", or have the operator add it to isolation.allowed"));
        } else if (!tiers.allowsIsolation(isolation)) {
            List<String> allowed = tiers.isolation().orElseThrow().stream().map(Isolation::wireName).toList();
            violations.add(new Violation("runtime.isolation",
                    "trust level '" + level + "' may only use isolation " + String.join(", ", allowed) + " (policy trust.tiers."
                            + level + ".isolation), not " + isolation.wireName(),
                    "ask for runtime.isolation: " + allowed.getFirst() + " (or leave it out), sign the bundle with a publisher "
                            + "key of a higher level, or have the operator widen trust.tiers." + level + ".isolation"));
        }
        return isolation;
    }

    /**
     * For a manifest that asks for no tier: the policy's default when the trust level may use it, else the
     * level's first listed tier the policy allows. Never a weaker tier than the operator listed for the level.
     */
    private static Isolation defaultIsolation(Policy policy, TrustPolicy.LevelTiers tiers) {
        if (tiers.allowsIsolation(policy.defaultIsolation())) {
            return policy.defaultIsolation();
        }
        return tiers.isolation().orElseThrow().stream().filter(policy.allowedIsolation()::contains).findFirst()
                .orElse(policy.defaultIsolation());
    }

    private static List<String> wireNames(Policy policy) {
        return policy.allowedIsolation().stream().sorted().map(Isolation::wireName).toList();
    }

    /** Only these variables exist inside; nothing of the host's environment passes through. */
    private static Map<String, String> environment(String runId, Manifest m, NetworkSpec network) {
        // The skill's own literal variables first, so that skillbox's below always win.
        Map<String, String> env = new LinkedHashMap<>(m.runtime().environment());
        env.put("SKILLBOX_RUN_ID", runId);
        env.put("SKILLBOX_SKILL", m.name());
        env.put("HOME", WORKDIR);
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", "/tmp");
        // /skill is read-only: without this every Python skill would try, and fail, to write __pycache__.
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.putAll(NetworkRules.environment(network));
        return env;
    }
}
