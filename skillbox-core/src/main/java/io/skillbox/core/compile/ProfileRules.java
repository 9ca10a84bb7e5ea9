package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.ContainerProfile;
import io.skillbox.core.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A container profile of the policy applied to a manifest, before anything else is judged: its image becomes the
 * root of a skill that brings none, its limits the skill's requests where it states none, its volumes read-only
 * bundle files; its network is isolated, so a skill asking for more is refused. The result is then held to the
 * ceilings like any manifest.
 */
public final class ProfileRules {
    private ProfileRules() {}

    /** The profile the skill runs under: the one it names, else the policy's default, else none. */
    public static Optional<ContainerProfile> profile(Manifest m, Policy policy, List<Violation> violations) {
        Policy.Containers c = policy.containers();
        Optional<String> name = m.runtime().profile().or(c::defaultProfile);
        if (name.isPresent() && !c.profiles().containsKey(name.get())) {
            violations.add(new Violation("runtime.profile", "'" + name.get() + "' is not a profile of the policy "
                    + (c.profiles().isEmpty() ? "(it defines none)" : c.profiles().keySet().stream().sorted().toList()),
                    "name one of the policy's profiles, or have the operator define profiles." + name.get()));
            return Optional.empty();
        }
        return name.map(c.profiles()::get);
    }

    /** The seccomp profile of a run: its container profile's, else the policy's {@code seccomp.profile}. */
    public static String seccompProfile(Manifest m, Policy policy) {
        return profile(m, policy, new ArrayList<>()).flatMap(ContainerProfile::seccompProfile)
                .orElse(policy.seccompProfile());
    }

    static Manifest apply(Manifest m, ContainerProfile p, List<Violation> violations) {
        if (m.network().mode().filter(mode -> !mode.equals("none")).isPresent()) {
            violations.add(new Violation("network.mode", "the skill runs under profile " + p.name()
                    + ", which is network isolated, and asks for " + m.network().mode().get(),
                    "leave network out (or none), or run the skill under another profile"));
        }
        Manifest.Runtime r = m.runtime();
        Manifest.Runtime runtime = r.hasImage() || p.image().isEmpty() ? r
                : new Manifest.Runtime(r.isolation(), Optional.empty(), p.image(), r.profile(), r.environment(), r.workdirAlias());
        Manifest.Resources s = m.resources();
        Manifest.Resources resources = new Manifest.Resources(s.memoryBytes().or(p::memoryBytes),
                s.cpuMillis().or(p::cpuMillis), s.pids(), s.timeout(), s.outputBytes(), s.scratchBytes());
        List<Manifest.FileMount> files = new ArrayList<>(m.files());
        p.volumes().forEach(v -> files.add(new Manifest.FileMount(v.source(), v.target(), true)));
        return new Manifest(m.name(), m.version(), m.description(), m.entrypoint(), m.params(), m.result(), runtime,
                resources, m.network(), m.credentials(), files, m.trust(), m.scripts(), m.provided());
    }
}
