package io.skillbox.core.run;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a run ended. The CLI's exit code and the HTTP API derive from it. */
public enum RunStatus {
    /** The skill exited 0 (and its result matched the manifest's result schema, if any). */
    SUCCEEDED,
    /** The skill exited non-zero, died of a signal, or returned a result that breaks its schema. */
    FAILED,
    /** The wall-clock timeout passed; the whole tree was killed. */
    TIMED_OUT,
    /** The memory limit was hit and the kernel killed a process of the run. */
    MEMORY_EXCEEDED,
    /** stdout or stderr passed its cap; the whole tree was killed. */
    OUTPUT_EXCEEDED,
    /** The caller cancelled the run. */
    KILLED,
    /** Refused before anything started: invalid input or a policy violation. */
    DENIED,
    /** skillbox or the host failed; not the skill's fault. */
    ERROR;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

}
