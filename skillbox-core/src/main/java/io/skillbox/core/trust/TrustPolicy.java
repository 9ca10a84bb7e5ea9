package io.skillbox.core.trust;

import io.skillbox.spec.Isolation;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy's {@code trust:} section, resolved: every level has an entry in {@link #tiers}.
 *
 * @param levels          trust level names, highest first
 * @param publishers      the trust store: whose signatures grant which level
 * @param unsigned        what a bundle without {@code skillbox.sig} gets
 * @param tampered        what a bundle gets whose signature is invalid or by a key not in {@link #publishers}
 * @param tiers           per level, the isolation tiers and network modes it may use
 * @param revocations     the policy's inline revocation list
 * @param revocationFiles revocation lists kept in files, read again before every run
 */
public record TrustPolicy(
        List<String> levels,
        List<Publisher> publishers,
        Treatment unsigned,
        Treatment tampered,
        Map<String, LevelTiers> tiers,
        List<Revocations.Listed> revocations,
        List<Path> revocationFiles) {

    /** The built-in levels, highest first. */
    public static final List<String> DEFAULT_LEVELS = List.of("builtin", "reviewed", "community", "external");

    /** The built-in policy's trust section: unsigned bundles are {@code external}, tampered ones refused, no tier limits. */
    public static final TrustPolicy DEFAULT = new TrustPolicy(DEFAULT_LEVELS, List.of(), new Treatment.Grant("external"),
            new Treatment.Refuse(), unrestricted(DEFAULT_LEVELS), List.of(), List.of());

    public TrustPolicy {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a trust policy needs at least one level");
        }
        publishers = List.copyOf(publishers);
        Objects.requireNonNull(unsigned, "unsigned");
        Objects.requireNonNull(tampered, "tampered");
        tiers = Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        if (!tiers.keySet().equals(new HashSet<>(levels))) {
            throw new IllegalArgumentException("tiers must name every level exactly: " + tiers.keySet() + " vs " + levels);
        }
        revocations = List.copyOf(revocations);
        revocationFiles = List.copyOf(revocationFiles);
    }

    /** The same trust section with one more revocation file (e.g. skillbox's own automatic revocations). */
    public TrustPolicy withRevocationFile(Path file) {
        List<Path> files = new java.util.ArrayList<>(revocationFiles);
        files.add(file);
        return new TrustPolicy(levels, publishers, unsigned, tampered, tiers, revocations, files);
    }

    /**
     * One entry of the trust store.
     *
     * @param name  how output and audit entries name the publisher
     * @param key   {@code ed25519:<base64>}, normalized
     * @param keyId the key's short id
     * @param level the level the publisher's signatures grant
     */
    public record Publisher(String name, String key, String keyId, String level) {}

    /** What an unsigned or tampered bundle gets: a level, or a refusal. */
    public sealed interface Treatment {
        record Refuse() implements Treatment {}

        record Grant(String level) implements Treatment {}

        /** As written in the policy: a level name, or {@code refuse}. */
        default String text() {
            return switch (this) {
                case Refuse r -> "refuse";
                case Grant g -> g.level();
            };
        }
    }

    /**
     * @param isolation the tiers the level may use, in the operator's order of preference; empty: no limit
     * @param network   the network modes the level may use; empty: no limit
     */
    public record LevelTiers(Optional<List<Isolation>> isolation, Optional<List<String>> network) {
        public static final LevelTiers UNRESTRICTED = new LevelTiers(Optional.empty(), Optional.empty());

        public LevelTiers {
            isolation = isolation.map(List::copyOf);
            network = network.map(List::copyOf);
        }

        public boolean allowsIsolation(Isolation tier) {
            return isolation.map(l -> l.contains(tier)).orElse(true);
        }

        public boolean allowsNetwork(String mode) {
            return network.map(l -> l.contains(mode)).orElse(true);
        }
    }

    /** The lowest level: what the least trusted bundles get. */
    public String lowest() {
        return levels.getLast();
    }

    public boolean hasLevel(String level) {
        return levels.contains(level);
    }

    /** The lower of two levels. */
    public String lower(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    /** 0 for the highest level. */
    public int rank(String level) {
        int i = levels.indexOf(level);
        if (i < 0) {
            throw new IllegalArgumentException("'" + level + "' is not a trust level of " + levels);
        }
        return i;
    }

    public LevelTiers tiers(String level) {
        LevelTiers t = tiers.get(level);
        if (t == null) {
            throw new IllegalArgumentException("'" + level + "' is not a trust level of " + levels);
        }
        return t;
    }

    /** The publisher whose key is {@code key} (any spelling of it), if any. */
    public Optional<Publisher> publisher(String key) {
        Optional<String> normal = Revocations.normalizedKey(key);
        return publishers.stream().filter(p -> normal.isPresent() && p.key().equals(normal.get())).findFirst();
    }

    /** Every level without tier limits. */
    public static Map<String, LevelTiers> unrestricted(List<String> levels) {
        Map<String, LevelTiers> out = new LinkedHashMap<>();
        levels.forEach(l -> out.put(l, LevelTiers.UNRESTRICTED));
        return out;
    }
}
