package io.skillbox.core.trust;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads revocation entries (from the policy or a revocation file) and finds the one that revokes a bundle. */
public final class Revocations {
    /** A reason longer than this is refused; it is printed with every refusal. */
    public static final int MAX_REASON = 1000;

    private static final Set<String> FIELDS = Set.of("bundleHash", "publisherKey", "skill", "versions", "reason");
    private static final List<String> KINDS = List.of("bundleHash", "publisherKey", "skill");

    private Revocations() {}

    /**
     * An entry with where it is written, so that a refusal can name it.
     *
     * @param origin e.g. {@code trust.revocations[2]} or {@code /etc/skillbox/revoked.yaml[0]}
     */
    public record Listed(Revocation revocation, String origin) {}

    /** The first entry that revokes the bundle, if any. */
    public static Optional<Listed> find(List<Listed> entries, String bundleHash, Optional<String> signerKey, Manifest manifest) {
        Optional<String> key = signerKey.flatMap(Revocations::normalizedKey);
        return entries.stream().filter(l -> l.revocation().matches(bundleHash, key, manifest)).findFirst();
    }

    /**
     * Reads a list of entries; each bad entry adds a violation named {@code prefix[i].field} and is skipped.
     *
     * @param prefix the list's name in messages: {@code trust.revocations}, or a revocation file's path
     */
    public static List<Listed> parse(JsonNode list, String prefix, List<Violation> problems) {
        List<Listed> out = new ArrayList<>();
        if (!list.isArray()) {
            problems.add(new Violation(prefix, "must be a list of revocations",
                    "write a list of {bundleHash, reason}, {publisherKey, reason} or {skill, versions, reason} entries"));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String origin = prefix + "[" + i + "]";
            entry(list.get(i), origin, problems).ifPresent(r -> out.add(new Listed(r, origin)));
        }
        return out;
    }

    private static Optional<Revocation> entry(JsonNode e, String field, List<Violation> problems) {
        int before = problems.size();
        if (!e.isObject()) {
            problems.add(new Violation(field, "must be a mapping such as {bundleHash: sha256:…, reason: …}",
                    "write the entry as a mapping with one of bundleHash, publisherKey or skill, and a reason"));
            return Optional.empty();
        }
        for (Iterator<String> names = e.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Violation(field + "." + name, "is not a field of a revocation",
                        "remove it; a revocation has bundleHash, publisherKey or skill (with versions), and reason"));
            }
        }
        List<String> kinds = KINDS.stream().filter(e::has).toList();
        if (kinds.size() != 1) {
            problems.add(new Violation(field, kinds.isEmpty() ? "names nothing to revoke" : "names more than one thing to revoke " + kinds,
                    "give exactly one of bundleHash, publisherKey or skill; write one entry per thing"));
        }
        String reason = text(e, "reason", field, problems).orElse("");
        if (e.has("reason") && (reason.isBlank() || reason.length() > MAX_REASON)) {
            problems.add(new Violation(field + ".reason", "must be 1 to " + MAX_REASON + " characters",
                    "say briefly why it is revoked; the reason is shown with every refusal"));
        } else if (!e.has("reason")) {
            problems.add(new Violation(field + ".reason", "is missing", "say why it is revoked; the reason is shown with every refusal"));
        }
        if (e.has("versions") && !e.has("skill")) {
            problems.add(new Violation(field + ".versions", "only goes with skill", "add skill: <name>, or remove versions"));
        }
        Optional<Revocation> out = kinds.size() == 1 ? build(kinds.getFirst(), e, field, reason, problems) : Optional.empty();
        return problems.size() == before ? out : Optional.empty();
    }

    private static Optional<Revocation> build(String kind, JsonNode e, String field, String reason, List<Violation> problems) {
        Optional<String> value = text(e, kind, field, problems);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get();
        return switch (kind) {
            case "bundleHash" -> {
                if (!BundleHash.isHash(v)) {
                    problems.add(new Violation(field + ".bundleHash", "'" + v + "' is not a bundle hash",
                            "write sha256: and 64 lowercase hex digits, as `skillbox verify` prints it"));
                    yield Optional.empty();
                }
                yield Optional.of(new Revocation.ByBundleHash(v, reason));
            }
            case "publisherKey" -> {
                if (normalizedKey(v).isEmpty()) {
                    problems.add(new Violation(field + ".publisherKey", "'" + v + "' is not an Ed25519 public key",
                            "write ed25519:<base64 of the 32-byte key>, as in the key's .pub file or `skillbox verify` output"));
                    yield Optional.empty();
                }
                yield Optional.of(new Revocation.ByPublisherKey(v, reason));
            }
            default -> skill(e, field, v, reason, problems);
        };
    }

    private static Optional<Revocation> skill(JsonNode e, String field, String name, String reason, List<Violation> problems) {
        if (name.isBlank()) {
            problems.add(new Violation(field + ".skill", "is empty", "write the skill's name as in its manifest"));
            return Optional.empty();
        }
        String range = e.has("versions") ? text(e, "versions", field, problems).orElse(null) : "*";
        if (range == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Revocation.BySkill(name, VersionRange.parse(range), reason));
        } catch (IllegalArgumentException ex) {
            problems.add(new Violation(field + ".versions", ex.getMessage(),
                    "write * , =1.2.3, >=1.0.0 <1.2.0, 1.2.x, or alternatives joined by ||"));
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode e, String name, String field, List<Violation> problems) {
        JsonNode n = e.get(name);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isString()) {
            problems.add(new Violation(field + "." + name, "must be a string", "quote the value"));
            return Optional.empty();
        }
        return Optional.of(n.stringValue());
    }

    /** {@code ed25519:<base64>} in its one canonical spelling, or empty when it is not a key. */
    static Optional<String> normalizedKey(String text) {
        try {
            return Optional.of(Ed25519.toText(Ed25519.fromText(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
