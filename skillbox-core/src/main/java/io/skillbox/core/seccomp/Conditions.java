package io.skillbox.core.seccomp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Docker's {@code includes}/{@code excludes} on a rule, evaluated for this run as Docker evaluates them:
 * a rule is kept when its includes all hold (every listed capability is held, the host architecture is
 * listed, the kernel is at least {@code minKernel}) and none of its excludes does (any listed capability
 * is held, the host architecture is listed, the kernel is at least {@code minKernel}).
 */
final class Conditions {
    private static final Set<String> FILTER_KEYS = Set.of("caps", "arches", "minKernel");
    private static final Pattern CAPABILITY = Pattern.compile("CAP_[A-Z_]{1,40}");

    private final Findings findings;
    private final Set<String> capabilities;
    private final String hostArch;
    private final Optional<KernelVersion> kernel;

    Conditions(Findings findings, Set<String> capabilities, String hostArch, Optional<KernelVersion> kernel) {
        this.findings = findings;
        this.capabilities = capabilities;
        this.hostArch = hostArch;
        this.kernel = kernel;
    }

    /** Whether the rule {@code entry} applies to this run. */
    boolean keep(JsonNode entry, String path) {
        boolean included = matches(entry.get("includes"), path + ".includes", true);
        boolean excluded = matches(entry.get("excludes"), path + ".excludes", false);
        return included && !excluded;
    }

    /** An absent or empty filter matches as includes and does not match as excludes. */
    private boolean matches(JsonNode filter, String path, boolean include) {
        if (filter == null || filter.isNull()) {
            return include;
        }
        if (!filter.isObject()) {
            findings.add(path, "must be an object", "write {\"caps\": [...], \"arches\": [...]}");
            return include;
        }
        findings.unknownKeys(filter, path, FILTER_KEYS);
        List<Boolean> tests = new ArrayList<>();
        if (filter.has("caps")) {
            List<String> caps = capabilityNames(filter.get("caps"), path + ".caps");
            if (!caps.isEmpty()) {
                tests.add(include ? capabilities.containsAll(caps) : caps.stream().anyMatch(capabilities::contains));
            }
        }
        if (filter.has("arches")) {
            List<String> arches = arches(filter.get("arches"), path + ".arches");
            if (!arches.isEmpty()) {
                tests.add(arches.contains(hostArch));
            }
        }
        if (filter.has("minKernel")) {
            minKernel(filter.get("minKernel"), path + ".minKernel").ifPresent(tests::add);
        }
        return include ? tests.stream().allMatch(t -> t) : tests.stream().anyMatch(t -> t);
    }

    private List<String> capabilityNames(JsonNode node, String path) {
        List<String> names = findings.strings(node, path);
        for (int i = 0; i < names.size(); i++) {
            if (!CAPABILITY.matcher(names.get(i)).matches()) {
                findings.add(path + "[" + i + "]", "\"" + names.get(i) + "\" is not a capability name",
                        "write it as CAP_SYS_ADMIN etc.");
            }
        }
        return names;
    }

    /** Docker writes these as Go arch names ({@code amd64}); libseccomp and SCMP_ARCH_ names work too. */
    private List<String> arches(JsonNode node, String path) {
        List<String> names = findings.strings(node, path);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<String> arch = SeccompArches.normalize(names.get(i));
            if (arch.isEmpty()) {
                findings.add(path + "[" + i + "]", "unknown architecture " + names.get(i), "e.g. amd64, arm64, x86_64");
            }
            arch.ifPresent(out::add);
        }
        return out;
    }

    private Optional<Boolean> minKernel(JsonNode node, String path) {
        Optional<KernelVersion> min = node.isString() ? KernelVersion.parse(node.stringValue()) : Optional.empty();
        if (min.isEmpty()) {
            findings.add(path, "must be a \"major.minor\" string", "e.g. \"4.8\"");
            return Optional.empty();
        }
        if (kernel.isEmpty()) {
            // Guessing could keep a rule meant only for fixed kernels: refuse instead.
            findings.add(path, "cannot be evaluated: the running kernel's version is unknown (os.version="
                    + System.getProperty("os.version") + ")", "remove minKernel or run on Linux");
            return Optional.empty();
        }
        return Optional.of(kernel.get().compareTo(min.get()) >= 0);
    }
}
