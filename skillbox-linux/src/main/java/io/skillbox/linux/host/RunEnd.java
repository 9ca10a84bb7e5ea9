package io.skillbox.linux.host;

import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.SandboxSpec;
import io.skillbox.spec.SnapshotSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The parts of a run's teardown every Linux backend shares: draining output, the scratch space, the snapshot. */
public final class RunEnd {
    private static final Duration PUMP_DRAIN = Duration.ofSeconds(5);

    private RunEnd() {}

    /** Waits (boundedly) for the output pumps to reach EOF; a pump still blocked is cancelled. */
    public static void joinPumps(List<Future<?>> pumps) {
        for (Future<?> pump : pumps) {
            try {
                pump.get(PUMP_DRAIN.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                pump.cancel(true);
            } catch (ExecutionException e) {
                throw new IllegalStateException("reading the sandbox's output failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** No block or no inode left: either way the skill's writes failed with ENOSPC. */
    public static boolean scratchFull(Path scratch) {
        Libc.FsSpace space = Libc.statvfs(scratch.toString());
        return space.blocksAvailable() == 0 || space.inodesAvailable() == 0;
    }

    /** Copies /work before its tmpfs goes, when the spec asks for it in this case. */
    public static WorkCapture snapshot(SandboxSpec spec, Path scratch, Termination termination, List<Violation> violations) {
        SnapshotSpec s = spec.snapshot();
        boolean troubled = ProcessOutcome.troubled(termination, violations);
        if (s.when() == SnapshotSpec.When.NEVER || (s.when() == SnapshotSpec.When.ON_TROUBLE && !troubled)) {
            return WorkCapture.notCaptured(s.when() == SnapshotSpec.When.NEVER ? "the policy keeps no snapshots"
                    : "the run succeeded within its limits; /work was discarded");
        }
        return WorkSnapshot.capture(scratch, s.maxFiles(), s.maxBytes());
    }
}
