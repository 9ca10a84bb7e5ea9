package io.skillbox.core.seccomp;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SeccompProfile.Action;
import io.skillbox.spec.SeccompProfile.ArgCondition;
import io.skillbox.spec.SeccompProfile.Op;
import io.skillbox.spec.SeccompProfile.Rule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads one profile document, in Docker's format or in OCI's plain {@code linux.seccomp} shape (a subset
 * of Docker's), for one host architecture and capability set. Every problem is collected, each naming
 * its field, and reported at once; nothing unknown is ignored.
 */
final class ProfileReader {
    static final String FIELD = Findings.FIELD;
    /** Linux's MAX_ERRNO: the kernel cannot return a larger errno from a filter. */
    static final int MAX_ERRNO = 4095;
    static final int EPERM = 1;

    private static final Set<String> TOP_KEYS = Set.of("defaultAction", "defaultErrnoRet", "architectures",
            "archMap", "syscalls", "flags", "listenerPath", "listenerMetadata");
    private static final Set<String> SYSCALL_KEYS =
            Set.of("names", "name", "action", "errnoRet", "args", "includes", "excludes", "comment");
    private static final Set<String> ARG_KEYS = Set.of("index", "value", "valueTwo", "op");
    private static final Pattern SYSCALL_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
    private static final BigInteger U64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private static final Map<String, Action> ACTIONS = Map.of(
            "SCMP_ACT_ALLOW", Action.ALLOW,
            "SCMP_ACT_ERRNO", Action.ERRNO,
            "SCMP_ACT_KILL", Action.KILL_THREAD, // libseccomp's SCMP_ACT_KILL is the thread variant
            "SCMP_ACT_KILL_THREAD", Action.KILL_THREAD,
            "SCMP_ACT_KILL_PROCESS", Action.KILL_PROCESS,
            "SCMP_ACT_TRAP", Action.TRAP,
            "SCMP_ACT_LOG", Action.LOG);
    /** Valid in the formats but not enforceable through bwrap's {@code --seccomp}: refused, not dropped. */
    private static final Set<String> UNSUPPORTED_ACTIONS = Set.of("SCMP_ACT_TRACE", "SCMP_ACT_NOTIFY");
    private static final Map<String, Op> OPS = Map.of(
            "SCMP_CMP_NE", Op.NE,
            "SCMP_CMP_LT", Op.LT,
            "SCMP_CMP_LE", Op.LE,
            "SCMP_CMP_EQ", Op.EQ,
            "SCMP_CMP_GE", Op.GE,
            "SCMP_CMP_GT", Op.GT,
            "SCMP_CMP_MASKED_EQ", Op.MASKED_EQ);

    private final String ref;
    private final Findings findings = new Findings();
    private final Architectures architectures;
    private final Conditions conditions;

    /**
     * @param capabilities the run's capabilities, already normalised to {@code CAP_*}
     * @param hostArch     libseccomp name of the host architecture
     * @param kernel       the kernel {@code minKernel} is compared with; empty if unknown
     */
    ProfileReader(String ref, Set<String> capabilities, String hostArch, Optional<KernelVersion> kernel) {
        this.ref = ref;
        this.architectures = new Architectures(findings, hostArch);
        this.conditions = new Conditions(findings, capabilities, hostArch, kernel);
    }

    SeccompProfile read(byte[] document) {
        JsonNode root;
        try {
            root = Json.json().readTree(document);
        } catch (JacksonException e) {
            throw refuse(List.of(new Violation(FIELD, "is not valid JSON: " + e.getOriginalMessage(),
                    "fix the JSON syntax (duplicate keys are refused too)")));
        }
        if (root == null || !root.isObject()) {
            throw refuse(List.of(new Violation(FIELD, "must be a JSON object", "write {\"defaultAction\": ...}")));
        }
        findings.unknownKeys(root, "", TOP_KEYS);
        unsupported(root);
        Action defaultAction = action(root.get("defaultAction"), "defaultAction");
        int defaultErrno = errno(root.get("defaultErrnoRet"), "defaultErrnoRet", defaultAction);
        List<String> arches = architectures.read(root);
        List<Rule> rules = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        JsonNode syscalls = root.get("syscalls");
        if (syscalls != null && !syscalls.isArray()) {
            findings.add("syscalls", "must be an array", "write \"syscalls\": [ ... ]");
        } else if (syscalls != null) {
            for (int i = 0; i < syscalls.size(); i++) {
                Optional<Rule> rule = syscall(syscalls.get(i), "syscalls[" + i + "]");
                if (rule.isPresent()) {
                    rules.add(rule.get());
                    sources.add(i);
                }
            }
        }
        for (SeccompRuleConflicts.Conflict c : SeccompRuleConflicts.find(rules)) {
            findings.add("syscalls[" + sources.get(c.rule()) + "]", c.problem(),
                    "give " + c.syscall() + " either one unconditional rule or only conditional rules");
        }
        if (!findings.isEmpty() || defaultAction == null) {
            throw refuse(findings.list());
        }
        return new SeccompProfile(ref, defaultAction, defaultErrno, arches, rules);
    }

    private SkillboxException refuse(List<Violation> found) {
        return new SkillboxException(ErrorCode.INVALID_POLICY, "seccomp profile " + ref + " is invalid", found);
    }

    /** Features of the formats that bwrap's {@code --seccomp FD} cannot apply: refusing beats ignoring. */
    private void unsupported(JsonNode root) {
        JsonNode flags = root.get("flags");
        if (flags != null && !(flags.isArray() && flags.isEmpty())) {
            findings.add("flags", "seccomp filter flags are not supported (the filter is loaded by bwrap)",
                    "remove \"flags\"");
        }
        for (String key : List.of("listenerPath", "listenerMetadata")) {
            if (root.has(key)) {
                findings.add(key, "seccomp user notification is not supported", "remove \"" + key + "\"");
            }
        }
    }

    private Action action(JsonNode node, String path) {
        if (node == null || !node.isString()) {
            findings.add(path, node == null ? "is missing" : "must be a string",
                    "use one of " + String.join(", ", ACTIONS.keySet().stream().sorted().toList()));
            return null;
        }
        String name = node.stringValue();
        Action action = ACTIONS.get(name);
        if (action == null) {
            findings.add(path, UNSUPPORTED_ACTIONS.contains(name) ? name + " is not supported by skillbox"
                            : "unknown action " + name,
                    "use one of " + String.join(", ", ACTIONS.keySet().stream().sorted().toList()));
        }
        return action;
    }

    /** The errno of an ERRNO action: EPERM when absent, as runc does; refused for other actions. */
    private int errno(JsonNode node, String path, Action action) {
        if (node == null || node.isNull()) {
            return action == Action.ERRNO ? EPERM : 0;
        }
        if (action != null && action != Action.ERRNO) {
            findings.add(path, "is only meaningful with SCMP_ACT_ERRNO", "remove it or use SCMP_ACT_ERRNO");
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0
                || node.intValue() > MAX_ERRNO) {
            findings.add(path, "must be an errno number from 0 to " + MAX_ERRNO, "e.g. 1 for EPERM, 38 for ENOSYS");
            return 0;
        }
        return node.intValue();
    }

    /** One {@code syscalls[i]} entry; empty when its includes/excludes leave it out of this run. */
    private Optional<Rule> syscall(JsonNode entry, String path) {
        if (!entry.isObject()) {
            findings.add(path, "must be an object", "write {\"names\": [...], \"action\": ...}");
            return Optional.empty();
        }
        findings.unknownKeys(entry, path, SYSCALL_KEYS);
        if (entry.has("comment") && !entry.get("comment").isString()) {
            findings.add(path + ".comment", "must be a string", "quote it");
        }
        List<String> names = names(entry, path);
        Action action = action(entry.get("action"), path + ".action");
        int errno = errno(entry.get("errnoRet"), path + ".errnoRet", action);
        List<ArgCondition> args = args(entry.get("args"), path + ".args");
        boolean kept = conditions.keep(entry, path);
        if (action == null || names.isEmpty() || !kept) {
            return Optional.empty();
        }
        return Optional.of(new Rule(names, action, errno, args));
    }

    private List<String> names(JsonNode entry, String path) {
        List<String> names;
        if (entry.has("name")) {
            if (entry.has("names")) {
                findings.add(path + ".name", "cannot be combined with \"names\"", "move the name into \"names\"");
            }
            JsonNode one = entry.get("name");
            names = one.isString() ? List.of(one.stringValue()) : List.of();
            if (!one.isString()) {
                findings.add(path + ".name", "must be a string", "quote it");
            }
        } else {
            names = findings.strings(entry.get("names"), path + ".names");
            if (names.isEmpty() && entry.has("names")) {
                findings.add(path + ".names", "is empty", "name at least one syscall");
            }
        }
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (SYSCALL_NAME.matcher(names.get(i)).matches()) {
                valid.add(names.get(i));
            } else {
                findings.add(path + (entry.has("name") ? ".name" : ".names[" + i + "]"),
                        "\"" + names.get(i) + "\" is not a syscall name", "use the kernel's name, e.g. openat");
            }
        }
        return valid.size() == names.size() ? valid : List.of();
    }

    private List<ArgCondition> args(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            findings.add(path, "must be an array", "write \"args\": [{\"index\": 0, \"value\": 1, \"op\": ...}]");
            return List.of();
        }
        List<ArgCondition> out = new ArrayList<>();
        Set<Integer> indexes = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String argPath = path + "[" + i + "]";
            JsonNode arg = node.get(i);
            if (!arg.isObject()) {
                findings.add(argPath, "must be an object", "write {\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}");
                continue;
            }
            findings.unknownKeys(arg, argPath, ARG_KEYS);
            JsonNode index = arg.get("index");
            boolean indexOk = index != null && index.isIntegralNumber() && index.canConvertToInt()
                    && index.intValue() >= 0 && index.intValue() <= 5;
            if (!indexOk) {
                findings.add(argPath + ".index", "must be an argument number from 0 to 5", "e.g. 0 for the first");
            } else if (!indexes.add(index.intValue())) {
                // runc ORs such conditions into separate rules, libseccomp refuses them: neither is AND.
                findings.add(argPath + ".index", "argument " + index.intValue() + " already has a condition in this "
                        + "rule; libseccomp cannot combine two conditions on one argument",
                        "split the rule in two (rules for one syscall are alternatives) or use SCMP_CMP_MASKED_EQ");
            }
            Optional<Long> value = u64(arg.get("value"), argPath + ".value", false);
            Optional<Long> valueTwo = u64(arg.get("valueTwo"), argPath + ".valueTwo", true);
            Op op = op(arg.get("op"), argPath + ".op");
            if (indexOk && value.isPresent() && valueTwo.isPresent() && op != null) {
                out.add(new ArgCondition(index.intValue(), value.get(), valueTwo.get(), op));
            }
        }
        return out.size() == node.size() ? out : List.of();
    }

    /** An unsigned 64-bit value, returned with its bits in a long. */
    private Optional<Long> u64(JsonNode node, String path, boolean optional) {
        if (node == null) {
            if (!optional) {
                findings.add(path, "is missing", "give the value to compare with");
            }
            return optional ? Optional.of(0L) : Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            findings.add(path, "must be an unsigned integer", "write it as a JSON number, e.g. 2114060288");
            return Optional.empty();
        }
        BigInteger v = node.bigIntegerValue();
        if (v.signum() < 0 || v.compareTo(U64_LIMIT) >= 0) {
            findings.add(path, "must be between 0 and 18446744073709551615", "use the unsigned 64-bit value");
            return Optional.empty();
        }
        return Optional.of(v.longValue());
    }

    private Op op(JsonNode node, String path) {
        Op op = node != null && node.isString() ? OPS.get(node.stringValue()) : null;
        if (op == null) {
            findings.add(path, node == null ? "is missing" : "unknown comparison " + node,
                    "use one of " + String.join(", ", OPS.keySet().stream().sorted().toList()));
        }
        return op;
    }

}
