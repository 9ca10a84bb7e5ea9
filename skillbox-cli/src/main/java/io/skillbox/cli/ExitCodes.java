package io.skillbox.cli;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.run.RunStatus;

/**
 * The CLI's exit codes. Stable and documented in docs/CLI.md and every command's --help, so callers can
 * branch on them without parsing output.
 */
public final class ExitCodes {
    /** The skill ran and succeeded; or check/doctor found nothing wrong. */
    public static final int OK = 0;
    /** The skill ran and failed: non-zero exit, a signal, or a result that breaks its schema. */
    public static final int SKILL_FAILED = 1;
    /** The command line itself was wrong (unknown option, missing argument). */
    public static final int USAGE = 2;
    /** Refused before anything started: invalid manifest, policy or params, a policy violation, no backend. */
    public static final int REFUSED = 3;
    /** The skill hit a limit: timeout, memory or output. */
    public static final int LIMIT = 4;
    /** The run was killed by the caller. */
    public static final int KILLED = 5;
    /** skillbox or the host failed (EX_SOFTWARE). */
    public static final int INTERNAL = 70;

    /** The text appended to every command's --help. */
    public static final String HELP = """

            Exit codes:
              0   success
              1   the skill failed (non-zero exit, signal, or result breaking its schema);
                  for audit/forensics verify: not intact
              2   usage error (bad command line)
              3   refused before start (invalid input, policy violation, no backend,
                  revoked or untrusted bundle)
              4   a limit was hit (timeout, memory, output)
              5   the run was killed
              70  internal error of skillbox or the host""";

    private ExitCodes() {}

    public static int of(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> OK;
            case FAILED -> SKILL_FAILED;
            case DENIED -> REFUSED;
            case TIMED_OUT, MEMORY_EXCEEDED, OUTPUT_EXCEEDED -> LIMIT;
            case KILLED -> KILLED;
            case ERROR -> INTERNAL;
        };
    }

    public static int of(ErrorCode code) {
        return code.kind() == ErrorCode.Kind.REFUSED ? REFUSED : INTERNAL;
    }
}
