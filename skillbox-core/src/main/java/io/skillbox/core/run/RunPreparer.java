package io.skillbox.core.run;

import io.skillbox.core.backend.Backend;
import io.skillbox.core.backend.BackendRegistry;
import io.skillbox.core.compile.BundleView;
import io.skillbox.core.compile.CompileResult;
import io.skillbox.core.compile.HostLayout;
import io.skillbox.core.compile.PolicyCompiler;
import io.skillbox.core.compile.ProfileRules;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.core.json.JsonSchemas;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.manifest.formats.Scripts;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.seccomp.SeccompProfiles;
import io.skillbox.core.trust.TrustDecision;
import io.skillbox.core.trust.TrustGate;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SeccompProfile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Everything before a run starts: load the bundle, decide its trust level (content hash, signature,
 * revocations), compile it under the policy at that level, validate the params, choose the backend. Any
 * refusal is a {@link SkillboxException} carrying every violation found.
 */
public final class RunPreparer {
    /** Params larger than this are refused before parsing. */
    public static final int MAX_PARAMS_BYTES = 1 << 20;

    private final Policy policy;
    private final BackendRegistry backends;
    private final HostLayout hostLayout;

    RunPreparer(Policy policy, BackendRegistry backends) {
        this.policy = policy;
        this.backends = backends;
        this.hostLayout = HostLayout.probe(policy.filesystem().systemPaths());
    }

    /**
     * A run ready to start.
     *
     * @param trust the trust decision the spec was compiled under (level, bundle hash, publisher, signature status)
     */
    public record Prepared(Bundle bundle, SandboxSpec spec, Backend backend, byte[] stdin, TrustDecision trust) {}

    Policy policy() {
        return policy;
    }

    Prepared prepare(String runId, RunRequest request, boolean requireAvailable) {
        Bundle loaded = withRequestedIsolation(BundleLoader.load(request.bundle()), request);
        // Revocation and signature come before anything else is judged: a revoked bundle is refused as such.
        TrustDecision trust = TrustGate.check(loaded, policy.trust());
        // From here on the bundle carries the manifest of this run: for an Agent Skill, the chosen script's.
        Bundle bundle = loaded.withManifest(Scripts.forRun(loaded, request.script(), request.args()));
        SeccompProfile seccomp = SeccompProfiles.load(ProfileRules.seccompProfile(bundle.manifest(), policy), Set.of(), SeccompProfiles.hostArch());
        CompileResult compiled = PolicyCompiler.compile(new PolicyCompiler.Input(runId, bundle.manifest(),
                BundleView.of(bundle.root()), policy, hostLayout, seccomp, trust.level(), request.agent(), request.args()));
        SandboxSpec spec = switch (compiled) {
            // A caller asking for forensics gets the /work snapshot whatever the outcome, within the policy's caps.
            case CompileResult.Compiled c when request.forensics() -> c.spec().withSnapshot(c.spec().snapshot().always());
            case CompileResult.Compiled c -> c.spec();
            case CompileResult.Refused r -> throw new SkillboxException(ErrorCode.POLICY_VIOLATION,
                    "the policy (" + policy.source() + ") refuses " + bundle.manifest().name() + " at trust level "
                            + trust.level(), r.violations());
        };
        // `check` without params validates everything else: it must not demand the params a run would need.
        byte[] stdin = request.script().isPresent() ? rawInput(request)
                : requireAvailable || request.params().isPresent() ? params(bundle, request)
                : "{}".getBytes(StandardCharsets.UTF_8);
        Backend backend = requireAvailable ? backends.select(spec) : backends.candidate(spec);
        backend.prepare(spec);
        return new Prepared(bundle, spec, backend, stdin, trust);
    }

    /** The bundle with the request's tier in place of the manifest's, if the request names one (a known one). */
    private static Bundle withRequestedIsolation(Bundle bundle, RunRequest request) {
        if (request.isolation().isEmpty()) {
            return bundle;
        }
        String tier = request.isolation().get();
        if (Isolation.fromWireName(tier).isEmpty()) {
            List<String> known = Arrays.stream(Isolation.values()).map(Isolation::wireName).toList();
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "unknown isolation tier '" + tier + "'",
                    List.of(new Violation("isolation", "'" + tier + "' is not an isolation tier",
                            "ask for one of " + String.join(", ", known))));
        }
        return bundle.withManifest(bundle.manifest().withIsolation(tier));
    }

    /** A chosen script reads its stdin as it likes: the input passes as given, only size-capped. */
    private static byte[] rawInput(RunRequest request) {
        byte[] input = request.params().orElse("").getBytes(StandardCharsets.UTF_8);
        if (input.length > MAX_PARAMS_BYTES) {
            throw invalidParams(new Violation("params", "the script's input is larger than 1 MiB",
                    "pass large inputs as files in the bundle, or shrink them"));
        }
        return input;
    }

    /** Parses and validates the params; returns the normalized document given to the skill on stdin. */
    private static byte[] params(Bundle bundle, RunRequest request) {
        String text = request.params().orElse("{}");
        if (text.length() > MAX_PARAMS_BYTES) {
            throw invalidParams(new Violation("params", "the params document is larger than 1 MiB",
                    "pass large inputs as files in the bundle, or shrink them"));
        }
        JsonNode params;
        try {
            params = Json.json().readTree(text);
        } catch (JacksonException e) {
            throw invalidParams(new Violation("params", "not valid JSON: " + e.getOriginalMessage(),
                    "pass one JSON document, e.g. --params '{\"city\": \"Paris\"}'"));
        }
        if (params == null || params.isMissingNode()) {
            throw invalidParams(new Violation("params", "the params document is empty", "pass a JSON document, e.g. {}"));
        }
        infinite(params, "params").ifPresent(field -> {
            throw invalidParams(new Violation(field, "is a number beyond a double's range (about 1.8e308), which "
                    + "reads as an infinity; JSON has none, so the skill would get the string \"Infinity\" or "
                    + "\"-Infinity\" in its place, after a schema had passed a number",
                    "pass a number within that range, or the value as a string"));
        });
        if (bundle.manifest().params().isPresent()) {
            List<Violation> violations = JsonSchemas.validate(bundle.manifest().params().get(), params, "params");
            if (!violations.isEmpty()) {
                throw new SkillboxException(ErrorCode.INVALID_PARAMS,
                        "the params do not match the params schema of " + bundle.manifest().name(), violations);
            }
        }
        return Json.json().writeValueAsString(params).getBytes(StandardCharsets.UTF_8);
    }

    /** The path of the first number that was read as an infinity, which the normalized params could not carry. */
    private static Optional<String> infinite(JsonNode node, String path) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return Optional.of(path);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = infinite(node.get(i), path + "[" + i + "]");
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                Optional<String> found = infinite(e.getValue(), path + "." + e.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static SkillboxException invalidParams(Violation v) {
        return new SkillboxException(ErrorCode.INVALID_PARAMS, "the params cannot be used", List.of(v));
    }

    /** The skill's name for a refused run's result, when the manifest can at least be read. */
    static String skillNameOrEmpty(RunRequest request) {
        try {
            return BundleLoader.load(request.bundle()).manifest().name();
        } catch (SkillboxException e) {
            return "";
        }
    }

}
