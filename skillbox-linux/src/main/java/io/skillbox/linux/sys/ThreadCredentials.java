package io.skillbox.linux.sys;

import java.util.function.IntSupplier;

/**
 * Changes the calling thread's—and only the calling thread's—uid, gid and groups with raw syscalls.
 * glibc's {@code setresuid} would change every thread of the JVM; the kernel keeps credentials per
 * thread, so the raw syscall affects just this one.
 *
 * <p>The saved set-user-ID and set-group-ID stay 0 (the {@code -1} arguments), which is what allows
 * the thread to become root again afterwards; a child spawned meanwhile loses them at exec, because
 * exec copies the effective ids into the saved ones.
 */
final class ThreadCredentials {
    private static final long UNCHANGED = -1L;

    private final long sysSetgroups;
    private final long sysSetresuid;
    private final long sysSetresgid;

    private ThreadCredentials(long setgroups, long setresuid, long setresgid) {
        this.sysSetgroups = setgroups;
        this.sysSetresuid = setresuid;
        this.sysSetresgid = setresgid;
    }

    static ThreadCredentials forThisArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> new ThreadCredentials(116, 117, 119);
            case "aarch64" -> new ThreadCredentials(159, 147, 149);
            default -> throw new UnsupportedOperationException(
                    "no syscall numbers for architecture " + System.getProperty("os.arch"));
        };
    }

    /**
     * Runs {@code action} with this thread's real and effective ids set to {@code uid}/{@code gid} and no
     * supplementary groups, then returns to root. Must be called on a thread that runs nothing else
     * concurrently, by a process whose effective uid is 0.
     */
    int runAs(int uid, int gid, IntSupplier action) {
        if (Libc.geteuid() != 0) {
            throw new IllegalStateException("changing a thread's credentials needs root");
        }
        Libc.syscall("setgroups(0)", sysSetgroups, 0, 0, 0);
        Libc.syscall("setresgid", sysSetresgid, gid, gid, UNCHANGED);
        Libc.syscall("setresuid", sysSetresuid, uid, uid, UNCHANGED);
        try {
            return action.getAsInt();
        } finally {
            restoreRoot();
        }
    }

    private void restoreRoot() {
        try {
            Libc.syscall("setresuid(0)", sysSetresuid, 0, 0, UNCHANGED);
            Libc.syscall("setresgid(0)", sysSetresgid, 0, 0, UNCHANGED);
        } catch (NativeException e) {
            // A thread stuck as another user would spawn every later sandbox with the wrong identity
            // and could not write cgroups; nothing sensible can continue.
            throw new IllegalStateException("could not restore root credentials on the spawner thread", e);
        }
    }
}
