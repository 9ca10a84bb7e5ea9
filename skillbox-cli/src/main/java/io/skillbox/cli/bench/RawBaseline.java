package io.skillbox.cli.bench;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.linux.bwrap.RawBwrap;
import io.skillbox.linux.host.HostSlots;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The {@code raw-bwrap} variant: the spec skillbox compiled for the skill, started by {@link RawBwrap}
 * with the same bwrap options and descriptors, as an unprivileged host uid, over a plain scratch
 * directory and the bundle directory itself (no tmpfs, bind mount, cgroup or cleanup of skillbox's).
 */
public final class RawBaseline implements AutoCloseable {
    /** Just past skillbox's own id pool, so a baseline run never collides with a concurrent skillbox run. */
    public static final int UID = HostSlots.DEFAULT_BASE + HostSlots.DEFAULT_COUNT;

    private final SandboxSpec spec;
    private final byte[] stdin;
    private final Path scratch;
    private final RawBwrap bwrap;

    private RawBaseline(SandboxSpec spec, byte[] stdin, Path scratch, RawBwrap bwrap) {
        this.spec = spec;
        this.stdin = stdin.clone();
        this.scratch = scratch;
        this.bwrap = bwrap;
    }

    /** @param stdin the params document exactly as skillbox would hand it to the skill */
    public static RawBaseline open(SandboxSpec spec, byte[] stdin) {
        Path scratch = TempDirs.create("skillbox-bench-scratch-");
        try {
            if (Libc.geteuid() == 0) {
                Files.setAttribute(scratch, "unix:uid", UID);
                Files.setAttribute(scratch, "unix:gid", UID);
            }
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
            return new RawBaseline(spec, stdin, scratch, new RawBwrap(UID));
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(scratch);
            throw e instanceof IOException io ? new UncheckedIOException("cannot prepare " + scratch, io)
                    : (RuntimeException) e;
        }
    }

    /** One sandboxed run of the skill; throws when it does not exit 0. */
    public void runOnce() {
        int code = bwrap.run(spec, stdin, scratch, spec.skill().bundle());
        if (code != 0) {
            throw new SkillboxException(ErrorCode.INTERNAL, "bench: the " + BenchReport.RAW_BWRAP + " run exited "
                    + code + " although the same skill succeeded through skillbox; bwrap itself fails when uid "
                    + UID + " cannot read the bundle " + spec.skill().bundle()
                    + " or traverse its parent directories (try the built-in skill: drop --skill)");
        }
    }

    @Override
    public void close() {
        try {
            bwrap.close();
        } finally {
            TempDirs.delete(scratch);
        }
    }
}
