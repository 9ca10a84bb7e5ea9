package io.skillbox.core.trust;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.Isolation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a policy's {@code trust:} section once the policy schema has accepted its shape: the checks a
 * schema cannot express (levels that every other field names exist, keys parse, tier lists leave a level
 * something to run on, revocation entries are well-formed).
 */
public final class TrustSection {
    /** The treatment that refuses instead of granting a level; no level may be called this. */
    public static final String REFUSE = "refuse";

    private final JsonNode trust;
    private final List<Violation> problems;

    private TrustSection(JsonNode trust, List<Violation> problems) {
        this.trust = trust;
        this.problems = problems;
    }

    /**
     * @param trust              the merged policy's {@code trust} mapping
     * @param allowedIsolation   the policy's {@code isolation.allowed}
     * @param allowedModes       the policy's {@code network.allowedModes}
     * @param problems           where violations go, each named {@code trust.…}
     * @return the section, or empty when it has problems
     */
    public static Optional<TrustPolicy> read(JsonNode trust, Set<Isolation> allowedIsolation, Set<String> allowedModes,
            List<Violation> problems) {
        int before = problems.size();
        TrustSection s = new TrustSection(trust, problems);
        List<String> levels = s.levels();
        List<TrustPolicy.Publisher> publishers = s.publishers(levels);
        TrustPolicy.Treatment unsigned = s.treatment("unsigned", levels);
        TrustPolicy.Treatment tampered = s.treatment("tampered", levels);
        Map<String, TrustPolicy.LevelTiers> tiers = s.tiers(levels, allowedIsolation, allowedModes);
        List<Revocations.Listed> revocations = Revocations.parse(trust.path("revocations"), "trust.revocations", problems);
        List<Path> files = s.files();
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new TrustPolicy(levels, publishers, unsigned, tampered, tiers, revocations, files));
    }

    private List<String> levels() {
        List<String> levels = new ArrayList<>();
        trust.path("levels").forEach(n -> levels.add(n.stringValue()));
        if (levels.contains(REFUSE)) {
            problems.add(new Violation("trust.levels", "'refuse' cannot be a level: it is the treatment that refuses",
                    "rename that level"));
        }
        return levels;
    }

    private List<TrustPolicy.Publisher> publishers(List<String> levels) {
        List<TrustPolicy.Publisher> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> keys = new HashSet<>();
        JsonNode list = trust.path("publishers");
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String field = "trust.publishers[" + i + "]";
            String name = p.path("name").stringValue();
            String level = p.path("level").stringValue();
            Optional<String> key = Revocations.normalizedKey(p.path("key").stringValue());
            boolean ok = checkLevel(field + ".level", level, levels);
            if (!names.add(name)) {
                problems.add(new Violation(field + ".name", "'" + name + "' names two publishers", "give each publisher its own name"));
                ok = false;
            }
            if (key.isEmpty()) {
                problems.add(new Violation(field + ".key", "is not an Ed25519 public key",
                        "write ed25519:<base64 of the 32-byte key>, as `skillbox keygen` prints it"));
                ok = false;
            } else if (!keys.add(key.get())) {
                problems.add(new Violation(field + ".key", "the same key is listed for two publishers",
                        "list each key once, with the level its signatures grant"));
                ok = false;
            }
            if (ok) {
                out.add(new TrustPolicy.Publisher(name, key.get(), Ed25519.keyId(Ed25519.fromText(key.get())), level));
            }
        }
        return out;
    }

    /** A level name or {@code refuse}; {@code unsigned} left out means the lowest level, anything else left out refuses. */
    private TrustPolicy.Treatment treatment(String name, List<String> levels) {
        JsonNode n = trust.path(name);
        if (n.isMissingNode()) {
            return name.equals("unsigned") && !levels.isEmpty() ? new TrustPolicy.Treatment.Grant(levels.getLast())
                    : new TrustPolicy.Treatment.Refuse();
        }
        String value = n.stringValue();
        if (value.equals(REFUSE)) {
            return new TrustPolicy.Treatment.Refuse();
        }
        checkLevel("trust." + name, value, levels);
        return new TrustPolicy.Treatment.Grant(value);
    }

    private Map<String, TrustPolicy.LevelTiers> tiers(List<String> levels, Set<Isolation> allowedIsolation, Set<String> allowedModes) {
        Map<String, TrustPolicy.LevelTiers> out = TrustPolicy.unrestricted(levels);
        for (Map.Entry<String, JsonNode> e : trust.path("tiers").properties()) {
            String field = "trust.tiers." + e.getKey();
            if (!checkLevel(field, e.getKey(), levels)) {
                continue;
            }
            Optional<List<Isolation>> isolation = list(e.getValue().get("isolation"))
                    .map(l -> l.stream().map(t -> Isolation.fromWireName(t).orElseThrow()).toList());
            Optional<List<String>> network = list(e.getValue().get("network"));
            isolation.filter(l -> l.stream().noneMatch(allowedIsolation::contains)).ifPresent(l -> problems.add(new Violation(
                    field + ".isolation", "none of " + l.stream().map(Isolation::wireName).toList() + " is in isolation.allowed "
                            + allowedIsolation.stream().map(Isolation::wireName).sorted().toList() + ", so no skill at level "
                            + e.getKey() + " could run",
                    "list a tier that isolation.allowed permits; to run nothing at level " + e.getKey()
                            + ", let nothing grant it (trust.unsigned, trust.tampered, trust.publishers)")));
            network.filter(l -> l.stream().noneMatch(allowedModes::contains)).ifPresent(l -> problems.add(new Violation(
                    field + ".network", "none of " + l + " is in network.allowedModes " + allowedModes.stream().sorted().toList(),
                    "list a mode that network.allowedModes permits (none is the usual choice)")));
            out.put(e.getKey(), new TrustPolicy.LevelTiers(isolation, network));
        }
        return out;
    }

    private static Optional<List<String>> list(JsonNode n) {
        if (n == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.stringValue()));
        return Optional.of(out);
    }

    private List<Path> files() {
        List<Path> out = new ArrayList<>();
        JsonNode list = trust.path("revocationFiles");
        for (int i = 0; i < list.size(); i++) {
            String text = list.get(i).stringValue();
            String normal;
            try {
                Path p = Path.of(text).normalize();
                normal = p.isAbsolute() ? p.toString() : "";
            } catch (InvalidPathException e) {
                normal = "";
            }
            if (!text.equals(normal)) {
                problems.add(new Violation("trust.revocationFiles[" + i + "]", "'" + text + "' is not an absolute, normalized path",
                        normal.isEmpty() ? "write an absolute path such as /etc/skillbox/revoked.yaml" : "write it as " + normal));
                continue;
            }
            out.add(Path.of(text));
        }
        return out;
    }

    private boolean checkLevel(String field, String level, List<String> levels) {
        if (levels.contains(level)) {
            return true;
        }
        problems.add(new Violation(field, "'" + level + "' is not one of trust.levels " + levels,
                "use one of " + String.join(", ", levels) + (field.equals("trust.unsigned") || field.equals("trust.tampered")
                        ? " or refuse" : "") + ", or add it to trust.levels"));
        return false;
    }
}
