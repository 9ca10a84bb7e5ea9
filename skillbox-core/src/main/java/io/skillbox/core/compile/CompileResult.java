package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.spec.SandboxSpec;
import java.util.List;

/** The compiler's answer: a spec, or every reason there is none. */
public sealed interface CompileResult {

    record Compiled(SandboxSpec spec) implements CompileResult {}

    record Refused(List<Violation> violations) implements CompileResult {
        public Refused {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("a refusal names at least one violation");
            }
        }
    }
}
