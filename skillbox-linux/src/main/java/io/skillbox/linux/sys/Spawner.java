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
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntSupplier;

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
 *
 * <p>Network namespaces are per thread too: to start a child inside a run's namespace the same thread
 * {@code setns}es into it, spawns, and {@code setns}es back into the host's namespace (the one it was in
 * when the spawner started). Should returning fail, the thread is stranded in that run's namespace and
 * every later child would silently share it, so the spawner then refuses every later spawn, and the
 * child that was just started is killed so the failure shows at once.
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
    private final NamespaceSwitch nsSwitch;
    /** The spawner thread's own network namespace, where it returns after each spawn into a run's. */
    private final int hostNetns;
    /** Set, on the spawner thread, once it could not return to {@link #hostNetns}; never cleared. */
    private volatile IllegalStateException stranded;

    /** Moves the calling thread into the network namespace behind a descriptor; a seam for tests. */
    @FunctionalInterface
    interface NamespaceSwitch {
        void enter(int nsFd);
    }

    public Spawner() {
        this(fd -> Libc.setns(fd, Libc.CLONE_NEWNET));
    }

    Spawner(NamespaceSwitch nsSwitch) {
        this.nsSwitch = nsSwitch;
        this.hostNetns = onThread(() -> Libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC, 0),
                "open the spawner's network namespace");
    }

    /**
     * Spawns {@code path} with exactly {@code argv}, {@code env} and the given descriptors (every other
     * descriptor is closed in the child), in its own process group with default signal handling, in the
     * spawner's own network namespace.
     *
     * @return the child's pid; the caller must {@link Libc#waitpid} it
     */
    public int spawn(String path, List<String> argv, List<String> env, List<FdMapping> fds, Optional<Credentials> as) {
        return spawn(path, argv, env, fds, as, OptionalInt.empty());
    }

    /**
     * As {@link #spawn(String, List, List, List, Optional)}, with the child started inside the network
     * namespace behind {@code netns} when one is given.
     *
     * @throws IllegalStateException when an earlier spawn left the spawner thread outside the host's
     *                               network namespace; the spawner is unusable from then on
     */
    public int spawn(String path, List<String> argv, List<String> env, List<FdMapping> fds, Optional<Credentials> as,
            OptionalInt netns) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("spawn needs an absolute path: " + path);
        }
        IntSupplier spawn = () -> as.isPresent()
                ? credentials.runAs(as.get().uid(), as.get().gid(), () -> spawnHere(path, argv, env, fds))
                : spawnHere(path, argv, env, fds);
        return onThread(() -> {
            refuseIfStranded();
            // setns needs root, so the namespace is entered before the credentials change and left after.
            return netns.isPresent() ? inNamespace(netns.getAsInt(), spawn) : spawn.getAsInt();
        }, "spawn " + path);
    }

    private int inNamespace(int nsFd, IntSupplier spawn) {
        nsSwitch.enter(nsFd); // a failed setns leaves the thread where it was
        int pid;
        try {
            pid = spawn.getAsInt();
        } catch (RuntimeException e) {
            leave().ifPresent(e::addSuppressed);
            throw e;
        }
        Optional<IllegalStateException> stuck = leave();
        if (stuck.isPresent()) {
            // The child did start where it should, but the failure must show now, not at the next run.
            Libc.kill(pid, Libc.SIGKILL);
            Libc.waitpid(pid);
            throw stuck.get();
        }
        return pid;
    }

    /** Back to the host's namespace; when that fails the spawner is stranded for good (see the class comment). */
    private Optional<IllegalStateException> leave() {
        try {
            nsSwitch.enter(hostNetns);
            return Optional.empty();
        } catch (RuntimeException e) {
            stranded = new IllegalStateException("the spawner thread could not return to the host's network "
                    + "namespace; it refuses every later spawn, so no run starts in another run's network", e);
            return Optional.of(stranded);
        }
    }

    private void refuseIfStranded() {
        IllegalStateException s = stranded;
        if (s != null) {
            throw new IllegalStateException(s.getMessage(), s);
        }
    }

    private int onThread(Callable<Integer> task, String what) {
        Future<Integer> result = thread.submit(task);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
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

    /**
     * Stops the thread once the spawns already asked for are done; the host namespace descriptor is
     * closed last, on the thread itself, so no spawn can use its number after it was reused.
     */
    @Override
    public synchronized void close() {
        if (!thread.isShutdown()) {
            thread.execute(() -> Libc.closeQuietly(hostNetns));
            thread.shutdown();
        }
    }
}
