package io.skillbox.core.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The failure type of every skillbox operation. Refusals carry every {@link Violation} found, not just
 * the first, so a user can fix them all at once.
 */
public class SkillboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<Violation> violations;

    public SkillboxException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public SkillboxException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public SkillboxException(ErrorCode code, String message, List<Violation> violations) {
        this(code, message, violations, null);
    }

    public SkillboxException(ErrorCode code, String message, List<Violation> violations, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The message followed by one line per violation, as the CLI prints it. */
    public String describe() {
        if (violations.isEmpty()) {
            return getMessage();
        }
        return getMessage() + violations.stream().map(v -> "\n  - " + v).collect(Collectors.joining());
    }
}
