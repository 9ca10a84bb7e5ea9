package io.skillbox.gateway.broker;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which runs are live, and what each tried without a grant. A token is stateless except for this: a run's
 * tokens die when it ends. An ended run is remembered until its tokens' refresh limit has passed (so none
 * of them can come back under a re-used run id) and, for its violations, a while after it ended.
 */
final class RunRegistry {
    /** How long an ended run's violations stay readable. */
    private static final Duration KEEP_ENDED = Duration.ofMinutes(10);

    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    private static final class Run {
        final String agent;
        final Instant limit;
        volatile Instant endedAt;
        final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();

        Run(String agent, Instant limit) {
            this.agent = agent;
            this.limit = limit;
        }
    }

    RunRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Registers a live run whose tokens expire by {@code limit}; a run id is never live twice. */
    void admit(String runId, String agent, Instant limit) {
        forgetStale();
        if (runs.putIfAbsent(runId, new Run(agent, limit)) != null) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "run " + runId
                    + " was already admitted to the broker; every run needs its own id");
        }
    }

    void end(String runId) {
        Run run = runs.get(runId);
        if (run != null && run.endedAt == null) {
            run.endedAt = clock.instant();
        }
    }

    boolean isLive(String runId) {
        Run run = runs.get(runId);
        return run != null && run.endedAt == null;
    }

    /** Counts a call of {@code capability} that the run's token does not grant. */
    void refused(String runId, String capability) {
        Run run = runs.get(runId);
        if (run != null) {
            run.refused.computeIfAbsent(capability, c -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** One violation per capability the run called without a grant, in name order. */
    List<Violation> violations(String runId) {
        Run run = runs.get(runId);
        if (run == null) {
            return List.of();
        }
        return run.refused.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Violation("credentials",
                        "called capability '" + e.getKey() + "' " + times(e.getValue().get()) + " without a grant",
                        "declare '" + e.getKey() + "' in the manifest's credentials and have the operator grant it"
                                + " to agent " + run.agent))
                .toList();
    }

    private void forgetStale() {
        Instant now = clock.instant();
        runs.values().removeIf(r -> r.endedAt != null && now.isAfter(r.limit)
                && now.isAfter(r.endedAt.plus(KEEP_ENDED)));
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
