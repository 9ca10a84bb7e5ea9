package io.skillbox.linux.seccomp;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.seccomp.SeccompRuleConflicts;
import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SeccompProfile.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles a {@link SeccompProfile} to the classic BPF program that bwrap's {@code --seccomp FD} loads,
 * with libseccomp (through FFM), the same library runc and crun use, so a profile means the same thing
 * here as under an OCI runtime.
 *
 * <p>What libseccomp would do silently is decided here explicitly:
 * <ul>
 *   <li>a rule whose action is the default action is skipped (libseccomp refuses it; runc skips it too);
 *   <li>an unconditional rule beside conditional rules with another action for the same syscall is
 *       refused, because libseccomp would drop the conditional ones ({@link SeccompRuleConflicts});
 *   <li>a syscall name that exists on none of the filter's architectures is skipped, as runc does; a
 *       name libseccomp does not know at all is skipped too, except in a built-in profile, where it is a
 *       bug and an error;
 *   <li>a syscall from an architecture the filter does not list kills the process.
 * </ul>
 * Results are cached per profile (the IR record is the key); the cache is thread-safe.
 */
public final class SeccompCompiler {
    /** libseccomp has process-wide state; one compilation at a time. */
    private static final Object LIBSECCOMP = new Object();
    /** Profiles are few (one per policy and capability set); past this the cache is simply cleared. */
    private static final int CACHE_LIMIT = 64;

    private final ConcurrentHashMap<SeccompProfile, byte[]> cache = new ConcurrentHashMap<>();

    /** Why this host cannot compile filters (libseccomp missing or too old), if it cannot. */
    public static Optional<String> unavailableReason() {
        return Libseccomp.problem();
    }

    /**
     * The BPF program of {@code profile}: {@code struct sock_filter} entries of 8 bytes in host byte order.
     *
     * @throws SkillboxException {@link ErrorCode#BACKEND_UNAVAILABLE} without libseccomp,
     *                           {@link ErrorCode#INVALID_POLICY} for a profile libseccomp cannot express
     */
    public byte[] compile(SeccompProfile profile) {
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        return cache.computeIfAbsent(profile, p -> build(p, false).bytes()).clone();
    }

    /** libseccomp's pseudo-code rendering of the filter, for debugging and tests. */
    String pseudoCode(SeccompProfile profile) {
        return new String(build(profile, true).bytes(), StandardCharsets.UTF_8);
    }

    /** One compilation: the exported program (or pseudo code) and the syscall names that were left out. */
    record Result(byte[] bytes, List<String> skipped) {}

    Result build(SeccompProfile profile, boolean pfc) {
        Libseccomp lib = Libseccomp.get().orElseThrow(() -> new SkillboxException(
                ErrorCode.BACKEND_UNAVAILABLE, Libseccomp.problem().orElseThrow()));
        refuseConflicts(profile);
        int defaultAction = Libseccomp.action(profile.defaultAction(), profile.defaultErrno());
        List<String> skipped = new ArrayList<>();
        List<Violation> refused = new ArrayList<>();
        synchronized (LIBSECCOMP) {
            try (SeccompFilter filter = SeccompFilter.create(lib, defaultAction)) {
                filter.attribute(Libseccomp.SCMP_FLTATR_ACT_BADARCH, Libseccomp.SCMP_ACT_KILL_PROCESS);
                filter.architectures(profile.architectures());
                for (int i = 0; i < profile.rules().size(); i++) {
                    Rule rule = profile.rules().get(i);
                    int action = Libseccomp.action(rule.action(), rule.errno());
                    if (action == defaultAction) {
                        continue;
                    }
                    for (String name : rule.names()) {
                        addRule(filter, profile, i, rule, action, name, skipped, refused);
                    }
                }
                if (!refused.isEmpty()) {
                    throw new SkillboxException(ErrorCode.INVALID_POLICY,
                            "seccomp profile " + profile.name() + " cannot be compiled", refused);
                }
                byte[] out = filter.export(pfc);
                if (!pfc) {
                    checkProgram(profile, out);
                }
                return new Result(out, List.copyOf(skipped));
            }
        }
    }

    private static void addRule(SeccompFilter filter, SeccompProfile profile, int index, Rule rule, int action,
            String name, List<String> skipped, List<Violation> refused) {
        Presence presence = presence(filter.resolveOnEach(name));
        if (presence == Presence.UNKNOWN && profile.name().startsWith("builtin:")) {
            throw new SkillboxException(ErrorCode.INTERNAL, "built-in seccomp profile " + profile.name()
                    + " names syscall " + name + ", which this host's libseccomp does not know");
        }
        if (presence != Presence.PRESENT) {
            skipped.add(name);
            return;
        }
        int rc = filter.addRule(action, filter.resolveNative(name), rule.args());
        if (rc < 0) {
            refused.add(new Violation("seccomp.profile: rules[" + index + "]", "libseccomp refused the "
                    + SeccompRuleConflicts.describe(rule) + " rule for " + name + " (errno " + -rc + ")",
                    "simplify the rule's argument conditions"));
        }
    }

    enum Presence { PRESENT, ABSENT, UNKNOWN }

    /**
     * libseccomp answers -1 for a name it does not know, a real number (≥ 0) where the syscall exists,
     * a pseudo number from -100 to -9999 where it exists only through a multiplexer (x86's socketcall
     * and ipc, which libseccomp rewrites rules for), and -10000 or below where it does not exist.
     */
    static Presence presence(int[] numbers) {
        boolean known = false;
        for (int nr : numbers) {
            if (nr >= 0 || (nr < -1 && nr > -10000)) {
                return Presence.PRESENT;
            }
            known |= nr != Libseccomp.NR_SCMP_ERROR;
        }
        return known ? Presence.ABSENT : Presence.UNKNOWN;
    }

    private static void refuseConflicts(SeccompProfile profile) {
        List<Violation> violations = SeccompRuleConflicts.find(profile.rules()).stream()
                .map(c -> new Violation("seccomp.profile: rules[" + c.rule() + "]", c.problem(),
                        "give " + c.syscall() + " either one unconditional rule or only conditional rules"))
                .toList();
        if (!violations.isEmpty()) {
            throw new SkillboxException(ErrorCode.INVALID_POLICY,
                    "seccomp profile " + profile.name() + " is ambiguous", violations);
        }
    }

    private static void checkProgram(SeccompProfile profile, byte[] program) {
        if (program.length == 0 || program.length % 8 != 0) {
            throw new SkillboxException(ErrorCode.INTERNAL,
                    "libseccomp exported " + program.length + " bytes of BPF, not whole instructions");
        }
        if (program.length / 8 > SeccompFilter.MAX_INSTRUCTIONS) {
            throw new SkillboxException(ErrorCode.INVALID_POLICY, "seccomp profile " + profile.name()
                    + " compiles to " + program.length / 8 + " BPF instructions; the kernel accepts "
                    + SeccompFilter.MAX_INSTRUCTIONS, List.of(new Violation("seccomp.profile", "is too large",
                    "merge rules or drop architectures")));
        }
    }
}
