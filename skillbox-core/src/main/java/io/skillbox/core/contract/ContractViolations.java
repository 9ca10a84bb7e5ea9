package io.skillbox.core.contract;

import io.skillbox.core.error.Violation;
import io.skillbox.core.run.RunResult;
import java.util.List;

/**
 * Which of a run's violations break the behaviour contract. A limit the skill ran into (timeout, memory,
 * output, pids, scratch) is an attempt outside its declared resources; a denied connection (field
 * {@code network...}) outside its declared hosts. A result that breaks its schema or artifacts dropped by
 * the policy's caps are failures, not attempts, and do not count.
 */
public final class ContractViolations {
    private static final List<String> CONTRACT_FIELDS = List.of("resources.", "network.", "files.");

    private ContractViolations() {}

    public static List<Violation> of(RunResult result) {
        if (result.startedAt() == null) {
            return List.of(); // refused before start: the skill did nothing
        }
        return result.violations().stream().filter(ContractViolations::breaksContract).toList();
    }

    static boolean breaksContract(Violation v) {
        return CONTRACT_FIELDS.stream().anyMatch(v.field()::startsWith);
    }
}
