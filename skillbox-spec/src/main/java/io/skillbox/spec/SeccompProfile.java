package io.skillbox.spec;

import java.util.List;
import java.util.Objects;

/**
 * A seccomp filter in the neutral shape of the OCI runtime-spec's {@code linux.seccomp}, after the
 * Docker-format conditions ({@code includes}/{@code excludes} on capabilities and architectures) were
 * evaluated for this run. Rules are matched in order of the kernel filter, not of this list: the most
 * specific action wins as libseccomp and runc define it.
 *
 * @param name          where the profile came from, e.g. {@code builtin:default} or a file path
 * @param defaultAction what happens to a syscall no rule names
 * @param defaultErrno  the errno returned when {@code defaultAction} is {@link Action#ERRNO}
 * @param architectures libseccomp architecture names (e.g. {@code x86_64}, {@code x86}, {@code x32});
 *                      syscalls from any other architecture are killed
 * @param rules         the per-syscall rules
 */
public record SeccompProfile(
        String name, Action defaultAction, int defaultErrno, List<String> architectures, List<Rule> rules) {

    public SeccompProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultAction, "defaultAction");
        architectures = List.copyOf(architectures);
        rules = List.copyOf(rules);
    }

    /**
     * Whether syscalls that no rule names are let through (ALLOW, or LOG which also allows): such a
     * profile is a denylist, which new kernel syscalls silently bypass, so callers should warn about it.
     */
    public boolean isAllowByDefault() {
        return defaultAction == Action.ALLOW || defaultAction == Action.LOG;
    }

    /** The action taken for a matching syscall. */
    public enum Action {
        ALLOW, ERRNO, KILL_PROCESS, KILL_THREAD, TRAP, LOG
    }

    /** The comparison of one syscall argument; names follow libseccomp's {@code SCMP_CMP_*}. */
    public enum Op {
        NE, LT, LE, EQ, GE, GT, MASKED_EQ
    }

    /**
     * One rule: if the syscall is one of {@code names} and every argument condition holds, take
     * {@code action}.
     */
    public record Rule(List<String> names, Action action, int errno, List<ArgCondition> args) {
        public Rule {
            names = List.copyOf(names);
            Objects.requireNonNull(action, "action");
            args = List.copyOf(args);
        }
    }

    /**
     * A condition on argument {@code index} (0-5), with OCI's meaning of the values (libseccomp's
     * {@code datum_a}/{@code datum_b}): for {@link Op#MASKED_EQ} the condition is
     * {@code (arg & value) == valueTwo}, i.e. {@code value} is the mask; other ops compare with
     * {@code value} and ignore {@code valueTwo}. Values are unsigned 64-bit numbers held in a long.
     */
    public record ArgCondition(int index, long value, long valueTwo, Op op) {
        public ArgCondition {
            if (index < 0 || index > 5) {
                throw new IllegalArgumentException("syscall argument index must be 0-5: " + index);
            }
            Objects.requireNonNull(op, "op");
        }
    }
}
