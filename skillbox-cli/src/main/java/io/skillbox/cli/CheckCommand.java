package io.skillbox.cli;

import io.skillbox.core.backend.Lowering;
import io.skillbox.core.compile.PolicyCompiler;
import io.skillbox.core.compile.ProfileRules;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.policy.ContainerProfile;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.Skillbox;
import io.skillbox.core.trust.TrustDecision;
import io.skillbox.spec.SeccompProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code skillbox check BUNDLE}: validate and show what would run, without running it. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a skill against the policy and print its trust level (and why),",
                "the manifest as skillbox read it (from skill.yaml, Skillware's manifest.yaml,",
                "SKILL.md or .skill-engine.toml, with how each field was mapped), the compiled",
                "sandbox spec and the backend's lowering (for bwrap: every option and",
                "descriptor). Nothing is started. For a SKILL.md skill without --script: its",
                "scripts."},
        footer = ExitCodes.HELP)
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE",
            description = "The skill's directory (with skill.yaml, manifest.yaml and skill.py, SKILL.md, or "
                    + ".skill-engine.toml).")
    Path bundle;

    @Parameters(index = "1..*", paramLabel = "ARGS", arity = "0..*", description = "After --: the --script's arguments.")
    List<String> args = List.of();

    @Option(names = "--script", paramLabel = "PATH", description = "For a SKILL.md skill: check the run of this script.")
    String script;

    @Mixin
    ParamsOptions params;

    @Mixin
    PolicyOption policy;

    @Option(names = "--isolation", paramLabel = "TIER",
            description = "Ask for this isolation tier instead of the manifest's runtime.isolation: namespaces, "
                    + "container, gvisor, microvm. A request the policy may refuse, never a way around it.")
    String isolation;

    @Option(names = "--json", description = "Print one JSON document {trust, format, manifest, mapping, spec, backend, "
            + "command, notes}; long file contents are shown by size and sha256.")
    boolean json;

    @Override
    public Integer call() {
        Bundle loaded = BundleLoader.load(bundle);
        if (loaded.manifest().entrypoint().isEmpty() && script == null) {
            return scriptsOnly(loaded);
        }
        try (Skillbox box = Skillboxes.create(policy.load())) {
            RunPreparer.Prepared prepared = box.check(new RunRequest(bundle, params.read(false), Optional.empty(), false,
                    PolicyCompiler.Input.DEFAULT_AGENT, Optional.ofNullable(isolation), Optional.ofNullable(script), args));
            Lowering lowering = prepared.backend().lower(prepared.spec());
            ObjectNode doc = Json.json().createObjectNode();
            doc.set("trust", trust(prepared.trust()));
            doc.put("format", prepared.bundle().format());
            doc.set("manifest", ManifestView.manifest(prepared.bundle()));
            doc.set("mapping", Json.json().valueToTree(prepared.bundle().notes()));
            List<String> profile = ProfileRules.profile(prepared.bundle().manifest(), box.policy(), new ArrayList<>())
                    .map(ContainerProfile::notes).orElse(List.of());
            if (!profile.isEmpty()) {
                doc.set("profile", Json.json().valueToTree(profile));
            }
            ObjectNode spec = ManifestView.abbreviated(Json.json().valueToTree(prepared.spec()));
            spec.withObject("/privileges").set("seccomp", seccompSummary(prepared.spec().privileges().seccomp()));
            doc.set("spec", spec);
            doc.put("backend", lowering.backend());
            doc.set("command", Json.json().valueToTree(lowering.command()));
            doc.set("notes", Json.json().valueToTree(lowering.notes()));
            if (json) {
                System.out.println(Output.pretty(doc));
            } else {
                TrustDecision t = prepared.trust();
                System.out.println("trust: " + t.level() + " (signature " + t.status().wireName()
                        + t.publisher().map(p -> ", publisher " + p).orElse("") + "; bundle " + t.bundleHash() + ")");
                t.reasons().forEach(r -> System.out.println("  - " + r));
                ManifestView.print(prepared.bundle(), doc.get("manifest"), System.out);
                if (!profile.isEmpty()) {
                    System.out.println("profile (the policy's container profile, where the manifest states nothing):");
                    profile.forEach(n -> System.out.println("  - " + n));
                }
                System.out.println("sandbox spec:");
                System.out.println(Output.pretty(spec).indent(2));
                System.out.println("backend: " + lowering.backend());
                lowering.notes().forEach(n -> System.out.println(n.indent(2).stripTrailing()));
                System.out.println("command:\n  " + String.join(" ", lowering.command()));
            }
            return ExitCodes.OK;
        }
    }

    /** A skill whose runs choose a script has no sandbox until one is chosen: show what it is and what it can run. */
    private int scriptsOnly(Bundle loaded) {
        if (json) {
            ObjectNode doc = Json.json().createObjectNode();
            doc.put("format", loaded.format());
            doc.set("manifest", ManifestView.manifest(loaded));
            doc.set("mapping", Json.json().valueToTree(loaded.notes()));
            System.out.println(Output.pretty(doc));
            return ExitCodes.OK;
        }
        ManifestView.print(loaded, ManifestView.manifest(loaded), System.out);
        List<String> scripts = loaded.manifest().scripts();
        System.out.println(scripts.isEmpty() ? "scripts: none under scripts/; nothing of this skill runs in a sandbox"
                : "scripts (run one with: skillbox run " + bundle + " --script PATH -- ARGS; check it with --script PATH):");
        scripts.forEach(s -> System.out.println("  " + s));
        return ExitCodes.OK;
    }

    /** The decision with the signature status by its wire name, as audit entries show it. */
    private static ObjectNode trust(TrustDecision t) {
        ObjectNode n = Json.json().createObjectNode();
        n.put("level", t.level());
        n.put("bundleHash", t.bundleHash());
        n.put("signature", t.status().wireName());
        n.put("publisher", t.publisher().orElse(null));
        n.put("keyId", t.keyId().orElse(null));
        n.set("reasons", Json.json().valueToTree(t.reasons()));
        return n;
    }

    /** The full rule list is hundreds of lines; show its shape (golden tests pin the rules). */
    private static ObjectNode seccompSummary(SeccompProfile p) {
        ObjectNode s = Json.json().createObjectNode();
        s.put("name", p.name());
        s.put("defaultAction", p.defaultAction().name());
        s.set("architectures", Json.json().valueToTree(p.architectures()));
        s.put("rules", p.rules().size());
        return s;
    }
}
