package io.skillbox.linux.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Thin FFM bindings to the libc calls skillbox needs. Each method either succeeds or throws
 * {@link NativeException} with the errno; none returns a status to be checked.
 */
public final class Libc {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_TRUNC = 01000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_PATH = 010000000;

    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int MFD_CLOEXEC = 1;

    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final int MNT_DETACH = 2;

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    public static final int CLONE_NEWNET = 0x40000000;
    public static final int AF_INET = 2;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = O_CLOEXEC;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle CLOSE = errnoFn("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle OPEN =
            errnoFn("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ =
            errnoFn("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE =
            errnoFn("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle LSEEK =
            errnoFn("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PIPE2 = errnoFn("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle FCNTL = errnoFn("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle MEMFD_CREATE =
            errnoFn("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle MOUNT = errnoFn("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = errnoFn("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = errnoFn("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle FLOCK = errnoFn("flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WAITPID =
            errnoFn("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETEUID = plainFn("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle ISATTY = plainFn("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STATVFS = errnoFn("statvfs", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle PRCTL = errnoFn("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle WAITID = errnoFn("waitid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SYSCALL = errnoFn("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle UNSHARE = errnoFn("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETNS = errnoFn("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKET =
            errnoFn("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IOCTL = errnoFn("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));

    private Libc() {}

    static MethodHandle errnoFn(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    static MethodHandle plainFn(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** Unwraps what a method handle threw: runtime exceptions and errors as they are, the rest wrapped. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Free space of a filesystem, as {@code statvfs(3)} reports it to unprivileged users. */
    public record FsSpace(long blocksAvailable, long inodesAvailable) {}

    /**
     * {@code statvfs(path)}. The struct is eleven unsigned longs on LP64 Linux (glibc, x86_64 and
     * aarch64): f_bavail is the fifth, f_favail the eighth.
     */
    public static FsSpace statvfs(String path) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment buf = arena.allocate(256, 8);
            int rc = (int) STATVFS.invokeExact(state, cString(arena, path), buf);
            if (rc < 0) {
                throw new NativeException("statvfs " + path, errno(state));
            }
            return new FsSpace(buf.get(JAVA_LONG, 4 * 8), buf.get(JAVA_LONG, 7 * 8));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether {@code fd} is a terminal. */
    public static boolean isatty(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int fd = (int) OPEN.invokeExact(state, cString(arena, path), flags, mode);
            if (fd < 0) {
                throw new NativeException("open " + path, errno(state));
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) CLOSE.invokeExact(state, fd);
            // EINTR on close still releases the descriptor on Linux; retrying could close a reused number.
            if (rc < 0 && errno(state) != NativeException.EINTR) {
                throw new NativeException("close " + fd, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Closes {@code fd} if it is valid, ignoring errors; for cleanup paths. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (NativeException ignored) {
                // cleanup: the descriptor is gone either way
            }
        }
    }

    /** Returns {@code {readEnd, writeEnd}}, both close-on-exec. */
    public static int[] pipe2(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            int rc = (int) PIPE2.invokeExact(state, fds, flags);
            if (rc < 0) {
                throw new NativeException("pipe2", errno(state));
            }
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Duplicates {@code fd} to the lowest free number at or above {@code minimum}, close-on-exec. */
    public static int dupCloexec(int fd, int minimum) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int copy = (int) FCNTL.invokeExact(state, fd, F_DUPFD_CLOEXEC, minimum);
            if (copy < 0) {
                throw new NativeException("fcntl(F_DUPFD_CLOEXEC) " + fd, errno(state));
            }
            return copy;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An anonymous in-memory file holding {@code content}, positioned at its start. */
    public static int memfdWith(String name, byte[] content) {
        int fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), MFD_CLOEXEC);
            if (fd < 0) {
                throw new NativeException("memfd_create " + name, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
        try {
            writeFully(fd, content);
            lseekStart(fd);
            return fd;
        } catch (RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    public static void writeFully(int fd, byte[] data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
            long off = 0;
            while (off < data.length) {
                long n = (long) WRITE.invokeExact(state, fd, buf.asSlice(off), (long) data.length - off);
                if (n < 0) {
                    if (errno(state) == NativeException.EINTR) {
                        continue;
                    }
                    throw new NativeException("write " + fd, errno(state));
                }
                off += n;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reads until EOF from the current offset. */
    public static byte[] readAll(int fd, int maxBytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment buf = arena.allocate(65536);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            while (true) {
                long n = (long) READ.invokeExact(state, fd, buf, buf.byteSize());
                if (n < 0) {
                    if (errno(state) == NativeException.EINTR) {
                        continue;
                    }
                    throw new NativeException("read " + fd, errno(state));
                }
                if (n == 0) {
                    return out.toByteArray();
                }
                if (out.size() + n > maxBytes) {
                    throw new NativeException("read " + fd + " (more than " + maxBytes + " bytes)", NativeException.EINVAL);
                }
                out.write(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), 0, (int) n);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void lseekStart(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            long rc = (long) LSEEK.invokeExact(state, fd, 0L, 0);
            if (rc < 0) {
                throw new NativeException("lseek " + fd, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void mount(String source, String target, String fsType, long flags, String data) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            // A local, not a conditional expression: invokeExact would see the conditional as Object.
            MemorySegment options = data == null ? MemorySegment.NULL : cString(arena, data);
            int rc = (int) MOUNT.invokeExact(state, cString(arena, source), cString(arena, target),
                    cString(arena, fsType), flags, options);
            if (rc < 0) {
                throw new NativeException("mount " + fsType + " on " + target, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void umount2(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) UMOUNT2.invokeExact(state, cString(arena, target), flags);
            if (rc < 0) {
                throw new NativeException("umount " + target, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code flock(fd, operation)}; returns false only when {@code LOCK_NB} was given and another open
     * file description holds a conflicting lock (EWOULDBLOCK).
     */
    public static boolean flock(int fd, int operation) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            while (true) {
                int rc = (int) FLOCK.invokeExact(state, fd, operation);
                if (rc == 0) {
                    return true;
                }
                if (errno(state) == NativeException.EINTR) {
                    continue;
                }
                if (errno(state) == NativeException.EAGAIN && (operation & LOCK_NB) != 0) {
                    return false;
                }
                throw new NativeException("flock " + fd, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sends {@code signal}; returns false if the process no longer exists. */
    public static boolean kill(int pid, int signal) {
        if (pid <= 0) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) KILL.invokeExact(state, pid, signal);
            if (rc < 0) {
                if (errno(state) == NativeException.ESRCH) {
                    return false;
                }
                throw new NativeException("kill " + pid, errno(state));
            }
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Blocks until child {@code pid} ends and returns its raw wait status. */
    public static int waitpid(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, pid, status, 0);
                if (rc == pid) {
                    return status.get(JAVA_INT, 0);
                }
                if (rc < 0 && errno(state) == NativeException.EINTR) {
                    continue;
                }
                throw new NativeException("waitpid " + pid, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static final int WNOHANG = 1;

    /**
     * Reaps child {@code pid} if it has exited, without blocking. Returns false if it is still running or is not
     * (any longer) a child of this process, e.g. because another thread reaped it first.
     */
    public static boolean reapIfExited(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, pid, status, WNOHANG);
                if (rc == pid) {
                    return true;
                }
                if (rc == 0 || (rc < 0 && errno(state) == NativeException.ECHILD)) {
                    return false;
                }
                if (rc < 0 && errno(state) == NativeException.EINTR) {
                    continue;
                }
                throw new NativeException("waitpid " + pid, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reaps one exited child of this process in process group {@code pgid}, without blocking: its pid; 0 when the
     * group still has children but none has exited; -1 when this process has no child in the group.
     */
    public static int reapGroupMember(int pgid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, -pgid, status, WNOHANG);
                if (rc >= 0) {
                    return rc;
                }
                if (errno(state) == NativeException.ECHILD) {
                    return -1;
                }
                if (errno(state) != NativeException.EINTR) {
                    throw new NativeException("waitpid -" + pgid, errno(state));
                }
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The exit code of a wait status, or -1 if the process was killed by a signal. */
    public static int exitCode(int waitStatus) {
        return (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : -1;
    }

    /** The signal that killed the process, or 0 if it exited. */
    public static int termSignal(int waitStatus) {
        int sig = waitStatus & 0x7f;
        return sig != 0 && sig != 0x7f ? sig : 0;
    }

    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424; // both are numbered alike on every architecture
    private static final long SYS_PIDFD_OPEN = 434;
    private static final int P_PIDFD = 3;
    private static final int WEXITED = 4;

    /**
     * Makes this process the reaper of its orphaned descendants: a process whose parent dies is
     * re-parented here instead of to the host's init, so skillbox can wait for it.
     */
    public static void becomeChildSubreaper() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) PRCTL.invokeExact(state, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            if (rc < 0) {
                throw new NativeException("prctl(PR_SET_CHILD_SUBREAPER)", errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A pidfd for {@code pid}: it keeps naming that very process, whatever pids are reused later. */
    public static int pidfdOpen(int pid) {
        return (int) syscall("pidfd_open " + pid, SYS_PIDFD_OPEN, pid, 0);
    }

    /** Sends {@code signal} to the process behind {@code pidfd}; returns false if it has already exited. */
    public static boolean pidfdSendSignal(int pidfd, int signal) {
        try {
            syscall("pidfd_send_signal", SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0);
            return true;
        } catch (NativeException e) {
            if (e.errno() == NativeException.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Blocks until the process behind {@code pidfd} has exited and reaps it, if it is a child of this
     * process; returns false if it is not (someone else reaped it, or it was never ours).
     */
    public static boolean waitPidfd(int pidfd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            MemorySegment siginfo = arena.allocate(128);
            while (true) {
                int rc = (int) WAITID.invokeExact(state, P_PIDFD, pidfd, siginfo, WEXITED);
                if (rc == 0) {
                    return true;
                }
                int errno = errno(state);
                if (errno == NativeException.EINTR) {
                    continue;
                }
                if (errno == NativeException.ECHILD) {
                    return false;
                }
                throw new NativeException("waitid(P_PIDFD)", errno);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code unshare(flags)}. Namespaces belong to threads: only the calling thread moves, the rest of
     * the JVM stays where it was (which is why callers use a thread of their own for it).
     */
    public static void unshare(int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) UNSHARE.invokeExact(state, flags);
            if (rc < 0) {
                throw new NativeException("unshare 0x" + Integer.toHexString(flags), errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code setns(fd, nstype)}: moves the calling thread, and only it, into the namespace behind {@code fd}. */
    public static void setns(int fd, int nstype) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) SETNS.invokeExact(state, fd, nstype);
            if (rc < 0) {
                throw new NativeException("setns " + fd, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code socket(domain, type, protocol)}; the socket belongs to the calling thread's network namespace. */
    public static int socket(int domain, int type, int protocol) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int fd = (int) SOCKET.invokeExact(state, domain, type, protocol);
            if (fd < 0) {
                throw new NativeException("socket " + domain + "/" + type, errno(state));
            }
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, arg)} with a pointer argument, which the kernel may read and write. */
    public static void ioctl(int fd, long request, MemorySegment arg) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            int rc = (int) IOCTL.invokeExact(state, fd, request, arg);
            if (rc < 0) {
                throw new NativeException("ioctl 0x" + Long.toHexString(request) + " on " + fd, errno(state));
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Raw {@code syscall(number, args...)} with up to five arguments; unused ones are passed as 0 so the
     * kernel never reads a stale register. Returns the result or throws with errno.
     */
    static long syscall(String what, long number, long... args) {
        if (args.length > 5) {
            throw new IllegalArgumentException("at most 5 syscall arguments");
        }
        long[] a = java.util.Arrays.copyOf(args, 5);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = captureState(arena);
            long rc = (long) SYSCALL.invokeExact(state, number, a[0], a[1], a[2], a[3], a[4]);
            if (rc < 0) {
                throw new NativeException(what, errno(state));
            }
            return rc;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Bytes as C strings; a NUL inside would silently truncate an argument, so it is refused. */
    static MemorySegment cString(Arena arena, String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL byte in native string argument");
        }
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }
}
