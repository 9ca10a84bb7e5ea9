package io.skillbox.core.seccomp;

import io.skillbox.spec.SeccompProfile.Action;
import io.skillbox.spec.SeccompProfile.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds rules whose meaning libseccomp (and so runc, crun and our compiler) would silently change. For
 * one syscall, an unconditional rule always wins over conditional rules with another action, whatever
 * their order: libseccomp drops the conditional ones without an error. A profile written as "allow
 * socket, but EPERM for AF_VSOCK" would therefore allow AF_VSOCK. Such profiles are refused instead.
 */
public final class SeccompRuleConflicts {
    /** A rule that would not mean what it says; {@code rule} indexes the list that was checked. */
    public record Conflict(int rule, String syscall, String problem) {}

    private SeccompRuleConflicts() {}

    public static List<Conflict> find(List<Rule> rules) {
        Map<String, Integer> unconditional = new HashMap<>();
        List<Conflict> conflicts = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.args().isEmpty()) {
                continue;
            }
            for (String name : rule.names()) {
                Integer first = unconditional.putIfAbsent(name, i);
                if (first != null && !sameAction(rules.get(first), rule)) {
                    conflicts.add(new Conflict(i, name, "rule " + first + " already gives " + name + " the "
                            + "unconditional action " + describe(rules.get(first)) + "; this one gives "
                            + describe(rule)));
                }
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.args().isEmpty()) {
                continue;
            }
            for (String name : rule.names()) {
                Integer plain = unconditional.get(name);
                if (plain != null && !sameAction(rules.get(plain), rule)) {
                    conflicts.add(new Conflict(i, name, "this conditional " + describe(rule) + " rule for " + name
                            + " would be ignored: rule " + plain + " gives it the unconditional action "
                            + describe(rules.get(plain)) + ", which libseccomp lets win"));
                }
            }
        }
        return conflicts;
    }

    static boolean sameAction(Rule a, Rule b) {
        return a.action() == b.action() && (a.action() != Action.ERRNO || a.errno() == b.errno());
    }

    /** {@code ALLOW}, {@code ERRNO(38)}, ... */
    public static String describe(Rule rule) {
        return rule.action() == Action.ERRNO ? "ERRNO(" + rule.errno() + ")" : rule.action().name();
    }
}
