package io.skillbox.core.policy;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.json.QuantityNodes;
import io.skillbox.core.trust.TrustPolicy;
import io.skillbox.core.trust.TrustSection;
import io.skillbox.spec.Isolation;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The checks a schema cannot express, on a merged policy that already matches the schema: quantities
 * parse, defaults fit under ceilings, defaults are among the allowed values, host paths are absolute
 * and normalized and no system path exposes a blocked one, the seccomp profile is a known form, and the
 * trust section is consistent ({@link TrustSection}).
 */
final class PolicyReader {
    private static final Pattern BUILTIN_PROFILE = Pattern.compile("builtin:[a-z0-9][a-z0-9-]*");

    private final JsonNode doc;
    private final String source;
    private final List<Violation> problems = new ArrayList<>();

    PolicyReader(JsonNode doc, String source) {
        this.doc = doc;
        this.source = source;
    }

    List<Violation> problems() {
        return List.copyOf(problems);
    }

    Optional<Policy> read() {
        Optional<Policy.ResourceValues> defaults = resources("defaults.resources");
        Optional<Policy.ResourceValues> ceilings = resources("ceilings.resources");
        if (defaults.isPresent() && ceilings.isPresent()) {
            checkUnderCeilings(defaults.get(), ceilings.get());
        }
        checkMember("defaults.isolation", "isolation.allowed");
        checkMember("defaults.network", "network.allowedModes");
        List<String> system = paths("filesystem.systemPaths");
        List<String> blocked = paths("filesystem.blockedPaths");
        String stateDir = node("state.dir").stringValue();
        if (!stateDir.equals(normalize(stateDir))) {
            problems.add(new Violation("state.dir", "'" + stateDir + "' is not an absolute, normalized path",
                    "write an absolute path such as /var/lib/skillbox"));
        } else if (blocked.stream().filter(b -> b.equals(normalize(b))).noneMatch(b -> Path.of(stateDir).startsWith(b))) {
            // The audit log and the host key are never exposed to a sandbox, whatever the lists say.
            blocked = new ArrayList<>(blocked);
            blocked.add(stateDir);
        }
        checkNotBlocked(system, blocked);
        checkSeccomp(doc.path("seccomp").path("profile").stringValue());
        Optional<Long> artifactBytes = bytes("artifacts.maxBytes");
        Optional<Long> snapshotBytes = bytes("forensics.snapshot.maxBytes");
        Optional<TrustPolicy> trust = TrustSection.read(doc.path("trust"), isolations(doc.path("isolation").path("allowed")),
                texts(doc.path("network").path("allowedModes")), problems);
        Optional<EgressPolicy> egress = NetworkSection.egress(doc.path("network"), bytes("network.limits.bytes"),
                bytes("network.limits.headerBytes"), problems);
        Optional<CredentialPolicy> credentials = NetworkSection.credentials(doc.path("credentials"), Path.of(stateDir), problems);
        Optional<Policy.Containers> containers = ContainerSection.read(doc, problems);
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy(source, defaults.orElseThrow(), ceilings.orElseThrow(),
                isolation(doc.path("defaults").path("isolation")), isolations(doc.path("isolation").path("allowed")),
                doc.path("defaults").path("network").stringValue(), texts(doc.path("network").path("allowedModes")),
                new Policy.Filesystem(system, blocked.stream().map(Path::of).toList()),
                doc.path("seccomp").path("profile").stringValue(),
                new Policy.Artifacts(doc.path("artifacts").path("maxFiles").intValue(), artifactBytes.orElseThrow()),
                new Policy.Sandbox(doc.path("sandbox").path("uid").intValue(), doc.path("sandbox").path("gid").intValue(),
                        doc.path("sandbox").path("hostname").stringValue()),
                trust.orElseThrow(),
                new Policy.Oversight(Path.of(stateDir), node("audit.fsync").stringValue(),
                        node("audit.checkpointEvery").intValue(), texts(node("forensics.on")),
                        node("forensics.snapshot.maxFiles").intValue(), snapshotBytes.orElseThrow(),
                        node("contract.revokeAfter").intValue()),
                egress.orElseThrow(), credentials.orElseThrow(), containers.orElseThrow()));
    }

    private Optional<Policy.ResourceValues> resources(String field) {
        Optional<Long> memory = bytes(field + ".memory");
        Optional<Long> cpus = parse(field + ".cpus", QuantityNodes::cpuMillis, Quantities.CPUS_SYNTAX);
        Optional<Duration> timeout = parse(field + ".timeout", QuantityNodes::duration, Quantities.DURATION_SYNTAX)
                .filter(d -> positive(field + ".timeout", !d.isZero()));
        Optional<Long> output = bytes(field + ".output");
        Optional<Long> scratch = bytes(field + ".scratch");
        Optional<Long> tmp = bytes(field + ".tmp");
        if (memory.isEmpty() || cpus.isEmpty() || timeout.isEmpty() || output.isEmpty() || scratch.isEmpty() || tmp.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Policy.ResourceValues(memory.get(), cpus.get(), node(field + ".pids").intValue(),
                timeout.get(), output.get(), scratch.get(), tmp.get()));
    }

    private void checkUnderCeilings(Policy.ResourceValues d, Policy.ResourceValues c) {
        atMost("memory", d.memoryBytes(), c.memoryBytes(), Quantities::formatBytes);
        atMost("cpus", d.cpuMillis(), c.cpuMillis(), Quantities::formatCpuMillis);
        atMost("pids", d.pids(), c.pids(), String::valueOf);
        atMost("timeout", d.timeout().toMillis(), c.timeout().toMillis(), ms -> Quantities.formatDuration(Duration.ofMillis(ms)));
        atMost("output", d.outputBytes(), c.outputBytes(), Quantities::formatBytes);
        atMost("scratch", d.scratchBytes(), c.scratchBytes(), Quantities::formatBytes);
        atMost("tmp", d.tmpBytes(), c.tmpBytes(), Quantities::formatBytes);
    }

    private void atMost(String name, long value, long ceiling, Function<Long, String> format) {
        if (value > ceiling) {
            problems.add(new Violation("defaults.resources." + name,
                    "the default " + format.apply(value) + " is above the ceiling " + format.apply(ceiling) + " (ceilings.resources." + name + ")",
                    "lower defaults.resources." + name + " to at most " + format.apply(ceiling) + ", or raise ceilings.resources." + name));
        }
    }

    private void checkMember(String field, String listField) {
        String value = node(field).stringValue();
        Set<String> allowed = texts(node(listField));
        if (!allowed.contains(value)) {
            problems.add(new Violation(field, "'" + value + "' is not in " + listField + " " + allowed,
                    "use one of " + String.join(", ", allowed) + ", or add " + value + " to " + listField));
        }
    }

    /** Host paths must be exactly what they look like: absolute, no '.', '..', '//' or trailing '/'. */
    private List<String> paths(String field) {
        List<String> out = new ArrayList<>();
        JsonNode list = node(field);
        for (int i = 0; i < list.size(); i++) {
            String text = list.get(i).stringValue();
            String normal = normalize(text);
            if (!text.equals(normal)) {
                problems.add(new Violation(field + "[" + i + "]", "'" + text + "' is not an absolute, normalized path",
                        normal.isEmpty() ? "write an absolute path such as /usr" : "write it as " + normal + " (no '.', '..', '//' or trailing '/')"));
            }
            out.add(text);
        }
        return out;
    }

    private static String normalize(String text) {
        try {
            Path p = Path.of(text).normalize();
            return p.isAbsolute() ? p.toString() : "";
        } catch (InvalidPathException e) {
            return "";
        }
    }

    /**
     * A system path must not be, or lie under, a blocked path; nor may it contain one, since mounting
     * {@code /etc} would expose {@code /etc/shadow}: failing closed beats relying on a later mask.
     */
    private void checkNotBlocked(List<String> system, List<String> blocked) {
        for (int i = 0; i < system.size(); i++) {
            if (!system.get(i).equals(normalize(system.get(i)))) {
                continue; // already refused; comparing unnormalized paths would mislead
            }
            Path s = Path.of(system.get(i));
            for (int j = 0; j < blocked.size(); j++) {
                if (!blocked.get(j).equals(normalize(blocked.get(j)))) {
                    continue;
                }
                Path b = Path.of(blocked.get(j));
                String how = s.startsWith(b) ? (s.equals(b) ? "is" : "lies under") : b.startsWith(s) ? "contains" : null;
                if (how != null) {
                    problems.add(new Violation("filesystem.systemPaths[" + i + "]",
                            "'" + s + "' " + how + " the blocked path " + b + " (filesystem.blockedPaths[" + j + "])",
                            "remove it from filesystem.systemPaths, or list narrower paths that avoid " + b));
                }
            }
        }
    }

    private void checkSeccomp(String profile) {
        if (!BUILTIN_PROFILE.matcher(profile).matches() && (!profile.startsWith("/") || !profile.equals(normalize(profile)))) {
            problems.add(new Violation("seccomp.profile", "'" + profile + "' is neither builtin:<name> nor an absolute path",
                    "use builtin:default, or the absolute, normalized path of a Docker/OCI JSON seccomp profile"));
        }
    }

    private Optional<Long> bytes(String field) {
        JsonNode n = node(field);
        if (n.isIntegralNumber()) {
            return Optional.of(n.longValue()); // the schema already required >= 1
        }
        return parse(field, QuantityNodes::bytes, Quantities.BYTES_SYNTAX).filter(v -> positive(field, v > 0));
    }

    private <T> Optional<T> parse(String field, Function<JsonNode, Optional<T>> parser, String syntax) {
        JsonNode n = node(field);
        Optional<T> value = parser.apply(n);
        if (value.isEmpty()) {
            problems.add(new Violation(field, (n.isString() ? "'" + n.stringValue() + "'" : n.toString())
                    + " is not in the expected syntax", "write " + syntax));
        }
        return value;
    }

    private boolean positive(String field, boolean ok) {
        if (!ok) {
            problems.add(new Violation(field, "is zero", "use a value greater than zero"));
        }
        return ok;
    }

    private JsonNode node(String dotted) {
        JsonNode n = doc;
        for (String part : dotted.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    private static Isolation isolation(JsonNode n) {
        return Isolation.fromWireName(n.stringValue()).orElseThrow(); // the schema's enum is the wire names
    }

    private static Set<Isolation> isolations(JsonNode list) {
        Set<Isolation> out = new LinkedHashSet<>();
        list.forEach(n -> out.add(isolation(n)));
        return out;
    }

    private static Set<String> texts(JsonNode list) {
        Set<String> out = new LinkedHashSet<>();
        list.forEach(n -> out.add(n.stringValue()));
        return out;
    }
}
