package io.skillbox.linux.oci;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What runsc reads differently from the shared lowering, adjusted so that it enforces the same spec:
 * <ul>
 *   <li>runsc up to 2022-12 ignores a rule's {@code errnoRet} and fails every {@code SCMP_ACT_ERRNO} rule with
 *       EPERM. The profile answers {@code clone3} with ENOSYS so that glibc falls back to {@code clone}, whose
 *       flags the filter can check; with EPERM instead, {@code pthread_create} fails and no skill can start a
 *       thread. {@code SCMP_ACT_TRACE} fails the call with ENOSYS when no tracer is attached, in Linux and in
 *       gVisor alike, and the filter denies {@code ptrace}, so nothing inside can attach one: such rules become
 *       TRACE. Other non-EPERM errnos stay denied, with EPERM.
 *   <li>The pids limit bounds the sandbox's host tasks, not the skill's processes
 *       ({@link OciRuntime#hostTasks}); the config says so, although runsc writes no limit into the run's cgroup,
 *       which skillbox made and limited before.
 * </ul>
 */
final class RunscConfig {
    static final int ENOSYS = 38;

    private RunscConfig() {}

    /** Adjusts {@code config}, lowered for {@code pids} skill processes, in place for runsc. */
    static void adapt(ObjectNode config, int pids) {
        for (JsonNode rule : config.path("linux").path("seccomp").path("syscalls")) {
            if (rule.path("action").asString("").equals("SCMP_ACT_ERRNO") && rule.path("errnoRet").asInt(-1) == ENOSYS) {
                ObjectNode r = (ObjectNode) rule;
                r.put("action", "SCMP_ACT_TRACE");
                r.remove("errnoRet");
            }
        }
        JsonNode limits = config.path("linux").path("resources").path("pids");
        if (limits instanceof ObjectNode p) {
            p.put("limit", OciRuntime.RUNSC.hostTasks(pids));
        }
    }
}
