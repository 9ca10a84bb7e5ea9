package io.skillbox.cli;

import io.skillbox.core.backend.Lowering;
import io.skillbox.core.json.Json;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.Skillbox;
import io.skillbox.core.trust.TrustDecision;
import io.skillbox.spec.SeccompProfile;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/** {@code skillbox check BUNDLE}: validate and show what would run, without running it. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a skill against the policy and print its trust level (and why), the compiled",
                "sandbox spec and the backend's lowering (for bwrap: every option and descriptor).",
                "Nothing is started."},
        footer = ExitCodes.HELP)
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The skill's directory (with skill.yaml).")
    Path bundle;

    @Mixin
    ParamsOptions params;

    @Mixin
    PolicyOption policy;

    @Option(names = "--isolation", paramLabel = "TIER",
            description = "Ask for this isolation tier instead of the manifest's runtime.isolation: namespaces, "
                    + "container, gvisor, microvm. A request the policy may refuse, never a way around it.")
    String isolation;

    @Option(names = "--json", description = "Print one JSON document {trust, manifest, spec, backend, command, notes}.")
    boolean json;

    @Override
    public Integer call() {
        try (Skillbox box = Skillboxes.create(policy.load())) {
            RunRequest request = new RunRequest(bundle, params.read(false), Optional.empty());
            RunPreparer.Prepared prepared = box.check(isolation == null ? request : request.withIsolation(isolation));
            Lowering lowering = prepared.backend().lower(prepared.spec());
            ObjectNode doc = Json.json().createObjectNode();
            doc.set("trust", trust(prepared.trust()));
            doc.set("manifest", Json.json().valueToTree(prepared.bundle().manifest()));
            ObjectNode spec = Json.json().valueToTree(prepared.spec());
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
                System.out.println("manifest (" + prepared.bundle().format() + "):");
                System.out.println(Output.pretty(doc.get("manifest")).indent(2));
                System.out.println("sandbox spec:");
                System.out.println(Output.pretty(spec).indent(2));
                System.out.println("backend: " + lowering.backend());
                lowering.notes().forEach(n -> System.out.println(n.indent(2).stripTrailing()));
                System.out.println("command:\n  " + String.join(" ", lowering.command()));
            }
            return ExitCodes.OK;
        }
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
