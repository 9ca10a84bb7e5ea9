package io.skillbox.core.oversight;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.trust.TrustDecision;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The data of each audit entry type, built from what a run step knows. Pure. Params are recorded by
 * digest and size only: they may hold what the caller would not want in a log.
 */
final class AuditEvents {
    static final String REQUESTED = "run.requested";
    static final String REFUSED = "run.refused";
    static final String STARTED = "run.started";
    static final String KILLED = "run.killed";
    static final String VIOLATION = "contract.violation";
    static final String FINISHED = "run.finished";
    static final String REVOKED = "skill.revoked";
    static final String FORENSICS = "forensics.written";

    private AuditEvents() {}

    static ObjectNode requested(RunRequest request) {
        ObjectNode d = object();
        d.put("bundle", request.bundle().toAbsolutePath().normalize().toString());
        byte[] params = request.params().orElse("").getBytes(StandardCharsets.UTF_8);
        d.put("paramsBytes", params.length);
        d.put("paramsSha256", Digests.sha256Hex(params));
        d.put("forensics", request.forensics());
        // The chosen script is named; its arguments only counted, like the params (the spec digest covers both).
        request.script().ifPresent(script -> {
            d.put("script", script);
            d.put("args", request.args().size());
        });
        return d;
    }

    static ObjectNode refused(SkillboxException e) {
        ObjectNode d = object();
        d.put("code", e.code().wireName());
        d.put("message", e.getMessage());
        d.set("violations", violations(e.violations()));
        return d;
    }

    static ObjectNode started(RunPreparer.Prepared p) {
        SandboxSpec spec = p.spec();
        ObjectNode d = object();
        d.put("skill", spec.skill().name());
        d.put("version", spec.skill().version());
        d.set("trust", trust(p.trust()));
        d.put("backend", p.backend().name());
        d.put("isolation", spec.isolation().wireName());
        d.put("network", spec.network().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        d.put("specSha256", specDigest(spec));
        return d;
    }

    static ObjectNode trust(TrustDecision t) {
        ObjectNode d = object();
        d.put("level", t.level());
        d.put("bundleHash", t.bundleHash());
        d.put("signature", t.status().wireName());
        t.publisher().ifPresent(v -> d.put("publisher", v));
        t.keyId().ifPresent(v -> d.put("keyId", v));
        ArrayNode reasons = d.putArray("reasons");
        t.reasons().forEach(reasons::add);
        return d;
    }

    static ObjectNode killed(RunResult r) {
        ObjectNode d = object();
        d.put("status", r.status().wireName());
        d.put("why", r.violations().isEmpty() ? r.status().wireName() : r.violations().getFirst().problem());
        return d;
    }

    static ObjectNode violation(Violation v, int total, int revokeAfter) {
        ObjectNode d = object();
        d.put("field", v.field());
        d.put("problem", v.problem());
        d.put("bundleViolations", total);
        d.put("revokeAfter", revokeAfter);
        return d;
    }

    static ObjectNode finished(RunResult r) {
        ObjectNode d = object();
        d.put("skill", r.skill());
        d.put("status", r.status().wireName());
        if (r.exitCode() != null) {
            d.put("exitCode", r.exitCode());
        }
        d.put("durationMs", r.durationMs());
        d.put("peakMemoryBytes", r.usage().peakMemoryBytes());
        d.put("cpuMillis", r.usage().cpuMillis());
        d.put("artifacts", r.artifacts().size());
        d.set("violations", violations(r.violations()));
        return d;
    }

    static ObjectNode revoked(String bundleHash, String skill, String reason) {
        ObjectNode d = object();
        d.put("bundleHash", bundleHash);
        d.put("skill", skill);
        d.put("reason", reason);
        return d;
    }

    static ObjectNode forensics(String file, String why) {
        ObjectNode d = object();
        d.put("file", file);
        d.put("why", why);
        return d;
    }

    /** SHA-256 of the spec's JSON form: which exact sandbox ran, without logging all of it. */
    static String specDigest(SandboxSpec spec) {
        return "sha256:" + Digests.sha256Hex(Json.json().writeValueAsBytes(spec));
    }

    private static ArrayNode violations(List<Violation> violations) {
        ArrayNode a = Json.json().createArrayNode();
        for (Violation v : violations) {
            a.addObject().put("field", v.field()).put("problem", v.problem());
        }
        return a;
    }

    private static ObjectNode object() {
        return Json.json().createObjectNode();
    }
}
