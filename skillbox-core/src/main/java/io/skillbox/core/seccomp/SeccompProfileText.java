package io.skillbox.core.seccomp;

import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SeccompProfile.ArgCondition;
import io.skillbox.spec.SeccompProfile.Rule;

/**
 * A resolved profile as plain text, one line per (rule, syscall) in filter-rule order, for golden files,
 * {@code skillbox check} and diffs between profiles. Argument values are shown in hex, as flag masks read.
 */
public final class SeccompProfileText {
    private SeccompProfileText() {}

    public static String render(SeccompProfile profile) {
        StringBuilder out = new StringBuilder();
        out.append("profile ").append(profile.name()).append('\n');
        out.append("default ").append(action(new Rule(java.util.List.of("-"), profile.defaultAction(),
                profile.defaultErrno(), java.util.List.of()))).append('\n');
        out.append("architectures ").append(String.join(" ", profile.architectures())).append('\n');
        for (Rule rule : profile.rules()) {
            for (String name : rule.names()) {
                out.append(action(rule)).append(' ').append(name);
                for (ArgCondition arg : rule.args()) {
                    out.append(' ').append(condition(arg));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String action(Rule rule) {
        return SeccompRuleConflicts.describe(rule);
    }

    private static String condition(ArgCondition arg) {
        String a = "a" + arg.index();
        String v = "0x" + Long.toHexString(arg.value());
        return switch (arg.op()) {
            case MASKED_EQ -> "(" + a + "&" + v + ")==0x" + Long.toHexString(arg.valueTwo());
            case NE -> a + "!=" + v;
            case LT -> a + "<" + v;
            case LE -> a + "<=" + v;
            case EQ -> a + "==" + v;
            case GE -> a + ">=" + v;
            case GT -> a + ">" + v;
        };
    }
}
