package io.skillbox.core.trust;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.util.List;
import java.util.Objects;

/** The {@link TrustEvaluator}'s answer: a level to run at, or why the bundle may not run at all. */
public sealed interface TrustResult {

    /** The bundle may run, at {@code decision.level()}. */
    record Trusted(TrustDecision decision) implements TrustResult {
        public Trusted {
            Objects.requireNonNull(decision, "decision");
        }
    }

    /**
     * The bundle may not run.
     *
     * @param code       {@code REVOKED}, {@code UNTRUSTED}, or {@code POLICY_VIOLATION} for a manifest
     *                   declaring a level the policy does not have
     * @param message    one line naming the bundle and the cause
     * @param violations at least one, each naming the field and the fix
     */
    record Refused(ErrorCode code, String message, List<Violation> violations) implements TrustResult {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a refusal names at least one violation");
            }
        }

        public SkillboxException toException() {
            return new SkillboxException(code, message, violations);
        }
    }
}
