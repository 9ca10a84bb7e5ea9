package io.skillbox.linux.seccomp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.SeccompProfile.ArgCondition;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One libseccomp filter context while it is being built: typed wrappers that turn libseccomp's
 * negative-errno returns into exceptions. Closing releases the context.
 */
final class SeccompFilter implements AutoCloseable {
    /** The kernel refuses filters longer than BPF_MAXINSNS instructions of 8 bytes each. */
    static final int MAX_INSTRUCTIONS = 4096;
    private static final int EXPORT_LIMIT = 1 << 20;

    private final Libseccomp lib;
    private final MemorySegment ctx;
    private final int nativeArch;
    private final List<Integer> arches = new ArrayList<>();

    private SeccompFilter(Libseccomp lib, MemorySegment ctx, int nativeArch) {
        this.lib = lib;
        this.ctx = ctx;
        this.nativeArch = nativeArch;
    }

    static SeccompFilter create(Libseccomp lib, int defaultAction) {
        MemorySegment ctx;
        int nativeArch;
        try {
            ctx = (MemorySegment) lib.init.invokeExact(defaultAction);
            nativeArch = (int) lib.archNative.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (ctx.equals(MemorySegment.NULL)) {
            throw new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE, "seccomp_init refused default action 0x"
                    + Integer.toHexString(defaultAction) + " (does the kernel support it?)");
        }
        return new SeccompFilter(lib, ctx, nativeArch);
    }

    void attribute(int attribute, int value) {
        int rc;
        try {
            rc = (int) lib.attrSet.invokeExact(ctx, attribute, value);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(rc, "seccomp_attr_set(" + attribute + ", 0x" + Integer.toHexString(value) + ")");
    }

    /**
     * Makes the filter cover exactly {@code names} (libseccomp spellings); an empty list keeps the native
     * architecture only, as the OCI runtimes do.
     */
    void architectures(List<String> names) {
        try (Arena arena = Arena.ofConfined()) {
            for (String name : names) {
                int token = (int) lib.archResolveName.invokeExact(arena.allocateFrom(name, StandardCharsets.UTF_8));
                if (token == 0) {
                    throw new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE,
                            "this host's libseccomp does not know the architecture " + name);
                }
                if ((int) lib.archExist.invokeExact(ctx, token) != 0) {
                    check((int) lib.archAdd.invokeExact(ctx, token), "seccomp_arch_add(" + name + ")");
                }
                arches.add(token);
            }
            if (arches.isEmpty()) {
                arches.add(nativeArch);
            } else if (!arches.contains(nativeArch)) {
                check((int) lib.archRemove.invokeExact(ctx, nativeArch), "seccomp_arch_remove(native)");
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The syscall's number on each architecture of the filter, in the order they were given. */
    int[] resolveOnEach(String name) {
        int[] numbers = new int[arches.size()];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name, StandardCharsets.UTF_8);
            for (int i = 0; i < numbers.length; i++) {
                int arch = arches.get(i);
                numbers[i] = (int) lib.syscallResolveNameArch.invokeExact(arch, cName);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        return numbers;
    }

    /** The number rules are added with: libseccomp translates native numbers to every filter arch. */
    int resolveNative(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) lib.syscallResolveNameArch.invokeExact(nativeArch,
                    arena.allocateFrom(name, StandardCharsets.UTF_8));
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Adds one rule; returns libseccomp's result (0 or a negative errno) for the caller to report. */
    int addRule(int action, int syscall, List<ArgCondition> args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = MemorySegment.NULL;
            if (!args.isEmpty()) {
                array = arena.allocate(Libseccomp.ARG_CMP, args.size());
                for (int i = 0; i < args.size(); i++) {
                    ArgCondition a = args.get(i);
                    long base = i * Libseccomp.ARG_CMP.byteSize();
                    array.set(JAVA_INT, base, a.index());
                    array.set(JAVA_INT, base + 4, Libseccomp.compare(a.op()));
                    array.set(JAVA_LONG, base + 8, a.value());
                    array.set(JAVA_LONG, base + 16, a.valueTwo());
                }
            }
            return (int) lib.ruleAddArray.invokeExact(ctx, action, syscall, args.size(), array);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** The filter as a classic BPF program ({@code pfc=false}) or libseccomp's readable pseudo code. */
    byte[] export(boolean pfc) {
        int fd = Libc.memfdWith(pfc ? "skillbox-seccomp-pfc" : "skillbox-seccomp-bpf", new byte[0]);
        try {
            int rc = pfc ? (int) lib.exportPfc.invokeExact(ctx, fd) : (int) lib.exportBpf.invokeExact(ctx, fd);
            check(rc, pfc ? "seccomp_export_pfc" : "seccomp_export_bpf");
            Libc.lseekStart(fd);
            return Libc.readAll(fd, EXPORT_LIMIT);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        } finally {
            Libc.close(fd);
        }
    }

    @Override
    public void close() {
        try {
            lib.release.invokeExact(ctx);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new SkillboxException(ErrorCode.INTERNAL, what + " failed: errno " + -rc);
        }
    }
}
