package io.skillbox.linux.bwrap;

import io.skillbox.linux.seccomp.SeccompCompiler;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The baseline for benchmarks: bwrap started with exactly the options and descriptors skillbox would
 * use for a spec, as the same kind of unprivileged host uid, but with none of skillbox's own work
 * around it (no cgroup, no tmpfs or bundle mounts, no output caps, no artifact collection, no cleanup).
 * The difference between a skillbox run and this is what skillbox costs.
 */
public final class RawBwrap implements AutoCloseable {
    private final Path bwrap;
    private final Spawner spawner = new Spawner();
    private final SeccompCompiler seccomp = new SeccompCompiler();
    private final int uid;

    /** @param uid the unprivileged host uid to run bwrap as (used only when running as root) */
    public RawBwrap(int uid) {
        this.bwrap = BwrapProbe.locate().orElseThrow(() -> new IllegalStateException("bwrap is not installed"));
        this.uid = uid;
        Libc.becomeChildSubreaper();
    }

    /**
     * Runs the spec's command once and returns bwrap's exit code.
     *
     * @param scratch a directory bound as the scratch space, traversable and writable by {@code uid}
     * @param bundle  the bundle directory, traversable by {@code uid}
     */
    public int run(SandboxSpec spec, byte[] stdin, Path scratch, Path bundle) {
        if (!(spec.network() instanceof NetworkSpec.None)) {
            // Lowered for a namespace skillbox makes and serves; started here it would share the host's network.
            throw new IllegalArgumentException("the raw baseline runs network mode none only, not "
                    + spec.network().mode());
        }
        BwrapCommand command = BwrapLowering.lower(spec, new BwrapLowering.HostMounts(scratch, bundle));
        try (ChildFds fds = ChildFds.create(command, stdin, seccomp.compile(spec.privileges().seccomp()))) {
            Optional<Spawner.Credentials> as = Libc.geteuid() == 0
                    ? Optional.of(new Spawner.Credentials(uid, uid)) : Optional.empty();
            int pid = spawner.spawn(bwrap.toString(), command.argv("bwrap", BwrapLowering.ARGS_FD), List.of(),
                    fds.mappings(), as);
            fds.closeChildSide();
            int pidfd = Libc.pidfdOpen(fds.readSandboxPid());
            Libc.writeFully(fds.blockWrite, new byte[] {'x'});
            Thread drainErr = Thread.ofVirtual().start(() -> Libc.readAll(fds.stderrRead, Integer.MAX_VALUE));
            Libc.readAll(fds.stdoutRead, Integer.MAX_VALUE);
            drainErr.join();
            int status = Libc.waitpid(pid);
            // Reap the sandbox's pid 1 too (see BwrapExecution#reapSandboxInit); any correct launcher must.
            Libc.waitPidfd(pidfd);
            Libc.close(pidfd);
            return Libc.exitCode(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        spawner.close();
    }
}
