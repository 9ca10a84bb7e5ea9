package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Resource requests against the policy: a missing value takes the default, no value may pass the ceiling. */
final class ResourceRules {
    private ResourceRules() {}

    static Limits limits(Manifest.Resources asked, Policy policy, List<Violation> violations) {
        if (policy.containers().requireLimits()) {
            required("memory", asked.memoryBytes(), "docker.memory", violations);
            required("cpus", asked.cpuMillis(), "docker.cpus", violations);
        }
        Policy.ResourceValues def = policy.defaults();
        Policy.ResourceValues max = policy.ceilings();
        long memory = check("memory", asked.memoryBytes(), def.memoryBytes(), max.memoryBytes(),
                Quantities::formatBytes, violations);
        long cpu = check("cpus", asked.cpuMillis(), def.cpuMillis(), max.cpuMillis(),
                Quantities::formatCpuMillis, violations);
        long pids = check("pids", asked.pids().map(Integer::longValue), def.pids(), max.pids(),
                String::valueOf, violations);
        long timeoutMs = check("timeout", asked.timeout().map(Duration::toMillis), def.timeout().toMillis(),
                max.timeout().toMillis(), ms -> Quantities.formatDuration(Duration.ofMillis(ms)), violations);
        long output = check("output", asked.outputBytes(), def.outputBytes(), max.outputBytes(),
                Quantities::formatBytes, violations);
        long scratch = check("scratch", asked.scratchBytes(), def.scratchBytes(), max.scratchBytes(),
                Quantities::formatBytes, violations);
        return new Limits(memory, cpu, (int) pids, Duration.ofMillis(timeoutMs), output, output, scratch,
                def.tmpBytes());
    }

    /** Seed 004's require_resource_limits: the skill must say what it needs, not take the defaults. */
    private static void required(String name, Optional<Long> asked, String dockerField, List<Violation> violations) {
        if (asked.isEmpty()) {
            violations.add(new Violation("resources." + name, "is not stated, and the policy requires every skill to "
                    + "state its " + name + " (ceilings.requireLimits)", "set resources." + name + " in skill.yaml ("
                    + dockerField + " in .skill-engine.toml, limits in a container profile)"));
        }
    }

    /** Returns the value to use; when it is over the ceiling, records why and returns the ceiling. */
    private static long check(String name, Optional<Long> asked, long defaultValue, long ceiling,
            Function<Long, String> format, List<Violation> violations) {
        long value = asked.orElse(defaultValue);
        if (value > ceiling) {
            violations.add(new Violation("resources." + name,
                    format.apply(value) + " exceeds the policy ceiling " + format.apply(ceiling)
                            + " (ceilings.resources." + name + ")",
                    "ask for at most " + format.apply(ceiling) + ", or have the operator raise ceilings.resources."
                            + name));
            return ceiling;
        }
        return value;
    }
}
