package io.skillbox.linux.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts processes with {@code posix_spawn}, which—unlike {@link ProcessBuilder}—can hand the child
 * arbitrary file descriptors (bwrap's {@code --args}, {@code --seccomp}, {@code --info-fd}, ...) and,
 * when skillbox runs as root, start it as an unprivileged host user without an intermediate
 * {@code setpriv} process (each extra exec costs 2–4 ms on small VMs).
 *
 * <p>The credential change works because Linux credentials are per thread: a raw {@code setresuid}
 * (not glibc's, which changes every thread) on one dedicated platform thread gives the spawned child
 * the unprivileged ids, and the saved set-user-ID of 0 lets that thread return to root right after.
 * The thread lives as long as the JVM: bwrap's {@code --die-with-parent} watches the thread that
 * spawned it, so the sandbox dies with the JVM, not with a pool thread.
 */
public final class Spawner implements AutoCloseable {
    /** A descriptor number the child sees, and the parent's descriptor it is a copy of. */
    public record FdMapping(int parentFd, int childFd) {
        public FdMapping {
            if (childFd < 0 || childFd >= FIRST_PARENT_FD) {
                throw new IllegalArgumentException("child fd must be in 0.." + (FIRST_PARENT_FD - 1) + ": " + childFd);
            }
            if (parentFd < FIRST_PARENT_FD) {
                throw new IllegalArgumentException(
                        "parent fd must be moved above " + FIRST_PARENT_FD + " first (Libc.dupCloexec): " + parentFd);
            }
        }
    }

    /** Host uid and gid the child runs as; its supplementary groups are cleared. */
    public record Credentials(int uid, int gid) {
        public Credentials {
            if (uid <= 0 || gid <= 0) {
                throw new IllegalArgumentException("spawned sandboxes never run as host root");
            }
        }
    }

    /**
     * Parent descriptors handed to a child must be at or above this number, so that the child's
     * {@code dup2}s (all below it) can never overwrite a source that a later {@code dup2} still needs.
     */
    public static final int FIRST_PARENT_FD = 100;

    private static final int POSIX_SPAWN_SETPGROUP = 0x02;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    /** Generous upper bounds of glibc's opaque structs (80, 336 and 128 bytes on x86_64). */
    private static final long OPAQUE_BYTES = 1024;

    private static final MethodHandle FA_INIT = Libc.plainFn("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DESTROY = Libc.plainFn("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FA_DUP2 = Libc.plainFn("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FA_CLOSEFROM = Libc.plainFn("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle ATTR_INIT = Libc.plainFn("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = Libc.plainFn("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = Libc.plainFn("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = Libc.plainFn("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = Libc.plainFn("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETPGROUP = Libc.plainFn("posix_spawnattr_setpgroup",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SIGEMPTYSET = Libc.plainFn("sigemptyset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGFILLSET = Libc.plainFn("sigfillset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle POSIX_SPAWN = Libc.plainFn("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("skillbox-spawner").factory());
    private final ThreadCredentials credentials = ThreadCredentials.forThisArch();

    /**
     * Spawns {@code path} with exactly {@code argv}, {@code env} and the given descriptors (every other
     * descriptor is closed in the child), in its own process group with default signal handling.
     *
     * @return the child's pid; the caller must {@link Libc#waitpid} it
     */
    public int spawn(String path, List<String> argv, List<String> env, List<FdMapping> fds, Optional<Credentials> as) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("spawn needs an absolute path: " + path);
        }
        Future<Integer> pid = thread.submit(() -> as.isPresent()
                ? credentials.runAs(as.get().uid(), as.get().gid(), () -> spawnHere(path, argv, env, fds))
                : spawnHere(path, argv, env, fds));
        try {
            return pid.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spawning " + path, e);
        } catch (ExecutionException e) {
            throw Libc.rethrow(e.getCause());
        }
    }

    private static int spawnHere(String path, List<String> argv, List<String> env, List<FdMapping> fds) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE_BYTES, 16);
            MemorySegment attr = arena.allocate(OPAQUE_BYTES, 16);
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
            try {
                int highest = 2;
                for (FdMapping fd : fds) {
                    check("posix_spawn_file_actions_adddup2",
                            (int) FA_DUP2.invokeExact(actions, fd.parentFd(), fd.childFd()));
                    highest = Math.max(highest, fd.childFd());
                }
                check("posix_spawn_file_actions_addclosefrom_np", (int) FA_CLOSEFROM.invokeExact(actions, highest + 1));

                MemorySegment empty = arena.allocate(OPAQUE_BYTES, 16);
                MemorySegment full = arena.allocate(OPAQUE_BYTES, 16);
                check("sigemptyset", (int) SIGEMPTYSET.invokeExact(empty));
                check("sigfillset", (int) SIGFILLSET.invokeExact(full));
                check("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, empty));
                check("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, full));
                check("posix_spawnattr_setpgroup", (int) ATTR_SETPGROUP.invokeExact(attr, 0));
                short flags = (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
                check("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));

                MemorySegment pid = arena.allocate(JAVA_INT);
                int rc = (int) POSIX_SPAWN.invokeExact(pid, Libc.cString(arena, path), actions, attr,
                        stringArray(arena, argv), stringArray(arena, env));
                if (rc != 0) {
                    throw new NativeException("posix_spawn " + path, rc);
                }
                return pid.get(JAVA_INT, 0);
            } finally {
                int ignoredA = (int) FA_DESTROY.invokeExact(actions);
                int ignoredB = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, Libc.cString(arena, strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    private static void check(String what, int rc) {
        if (rc != 0) {
            throw new NativeException(what, rc);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
