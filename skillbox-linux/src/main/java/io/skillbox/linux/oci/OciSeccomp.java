package io.skillbox.linux.oci;

import io.skillbox.spec.SeccompProfile;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The spec's seccomp filter as the runtime-spec's {@code linux.seccomp}: the same profile bwrap gets as BPF,
 * here compiled by the runtime (runc and crun with libseccomp, runsc by the Sentry's own filter).
 */
final class OciSeccomp {
    private OciSeccomp() {}

    static ObjectNode lower(SeccompProfile profile) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode seccomp = f.objectNode();
        seccomp.put("defaultAction", action(profile.defaultAction()));
        if (profile.defaultAction() == SeccompProfile.Action.ERRNO) {
            seccomp.put("defaultErrnoRet", profile.defaultErrno());
        }
        ArrayNode arches = seccomp.putArray("architectures");
        profile.architectures().forEach(a -> arches.add(architecture(a)));
        ArrayNode syscalls = seccomp.putArray("syscalls");
        for (SeccompProfile.Rule rule : profile.rules()) {
            ObjectNode s = syscalls.addObject();
            ArrayNode names = s.putArray("names");
            rule.names().forEach(names::add);
            s.put("action", action(rule.action()));
            if (rule.action() == SeccompProfile.Action.ERRNO) {
                s.put("errnoRet", rule.errno());
            }
            if (!rule.args().isEmpty()) {
                ArrayNode args = s.putArray("args");
                for (SeccompProfile.ArgCondition c : rule.args()) {
                    ObjectNode a = args.addObject();
                    a.put("index", c.index());
                    a.put("value", unsigned(c.value()));
                    a.put("valueTwo", unsigned(c.valueTwo()));
                    a.put("op", "SCMP_CMP_" + c.op().name());
                }
            }
        }
        return seccomp;
    }

    /** OCI values are unsigned 64-bit; Jackson writes a BigInteger for the top half of the range. */
    private static java.math.BigInteger unsigned(long value) {
        return new java.math.BigInteger(Long.toUnsignedString(value));
    }

    static String action(SeccompProfile.Action action) {
        return "SCMP_ACT_" + action.name();
    }

    /** libseccomp's architecture names ({@code x86_64}, {@code aarch64}) as OCI's {@code SCMP_ARCH_*}. */
    static String architecture(String libseccompName) {
        return "SCMP_ARCH_" + libseccompName.toUpperCase(Locale.ROOT);
    }
}
