package io.skillbox.linux.seccomp;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.skillbox.spec.SeccompProfile;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * FFM bindings to the part of libseccomp 2.5 that builds and exports a filter. Nothing here loads a
 * filter into this JVM: bwrap applies the exported BPF to the sandbox only. Constants are those of
 * {@code seccomp.h}, which is not installed with the runtime library.
 *
 * <p>libseccomp keeps process-wide state (the kernel feature probe, the API level), so calls are made
 * under one lock by {@link SeccompCompiler}, never concurrently.
 */
final class Libseccomp {
    static final String LIBRARY = "libseccomp.so.2";

    static final int SCMP_ACT_KILL_PROCESS = 0x80000000;
    static final int SCMP_ACT_KILL_THREAD = 0x00000000;
    static final int SCMP_ACT_TRAP = 0x00030000;
    static final int SCMP_ACT_ERRNO = 0x00050000;
    static final int SCMP_ACT_LOG = 0x7ffc0000;
    static final int SCMP_ACT_ALLOW = 0x7fff0000;

    /** {@code enum scmp_compare}. */
    static final int SCMP_CMP_NE = 1;
    static final int SCMP_CMP_LT = 2;
    static final int SCMP_CMP_LE = 3;
    static final int SCMP_CMP_EQ = 4;
    static final int SCMP_CMP_GE = 5;
    static final int SCMP_CMP_GT = 6;
    static final int SCMP_CMP_MASKED_EQ = 7;

    /** {@code enum scmp_filter_attr}: the action for a syscall from an architecture not in the filter. */
    static final int SCMP_FLTATR_ACT_BADARCH = 2;

    /** What the name resolvers return for a name they do not know at all. */
    static final int NR_SCMP_ERROR = -1;

    /** {@code struct scmp_arg_cmp { unsigned int arg; enum scmp_compare op; scmp_datum_t datum_a, datum_b; }}. */
    static final StructLayout ARG_CMP = MemoryLayout.structLayout(
            JAVA_INT.withName("arg"), JAVA_INT.withName("op"),
            JAVA_LONG.withName("datum_a"), JAVA_LONG.withName("datum_b"));

    /** The action value of the IR's action; errno is only used for ERRNO. */
    static int action(SeccompProfile.Action action, int errno) {
        return switch (action) {
            case ALLOW -> SCMP_ACT_ALLOW;
            case ERRNO -> SCMP_ACT_ERRNO | (errno & 0xffff);
            case KILL_PROCESS -> SCMP_ACT_KILL_PROCESS;
            case KILL_THREAD -> SCMP_ACT_KILL_THREAD;
            case TRAP -> SCMP_ACT_TRAP;
            case LOG -> SCMP_ACT_LOG;
        };
    }

    static int compare(SeccompProfile.Op op) {
        return switch (op) {
            case NE -> SCMP_CMP_NE;
            case LT -> SCMP_CMP_LT;
            case LE -> SCMP_CMP_LE;
            case EQ -> SCMP_CMP_EQ;
            case GE -> SCMP_CMP_GE;
            case GT -> SCMP_CMP_GT;
            case MASKED_EQ -> SCMP_CMP_MASKED_EQ;
        };
    }

    private static final Linker LINKER = Linker.nativeLinker();

    final MethodHandle init;
    final MethodHandle release;
    final MethodHandle attrSet;
    final MethodHandle archNative;
    final MethodHandle archResolveName;
    final MethodHandle archExist;
    final MethodHandle archAdd;
    final MethodHandle archRemove;
    final MethodHandle syscallResolveNameArch;
    final MethodHandle ruleAddArray;
    final MethodHandle exportBpf;
    final MethodHandle exportPfc;

    private Libseccomp(SymbolLookup lib) {
        init = fn(lib, "seccomp_init", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        release = fn(lib, "seccomp_release", FunctionDescriptor.ofVoid(ADDRESS));
        attrSet = fn(lib, "seccomp_attr_set", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        archNative = fn(lib, "seccomp_arch_native", FunctionDescriptor.of(JAVA_INT));
        archResolveName = fn(lib, "seccomp_arch_resolve_name", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        archExist = fn(lib, "seccomp_arch_exist", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        archAdd = fn(lib, "seccomp_arch_add", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        archRemove = fn(lib, "seccomp_arch_remove", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        syscallResolveNameArch = fn(lib, "seccomp_syscall_resolve_name_arch",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        ruleAddArray = fn(lib, "seccomp_rule_add_array",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
        exportBpf = fn(lib, "seccomp_export_bpf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        exportPfc = fn(lib, "seccomp_export_pfc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    @SuppressWarnings("restricted") // skillbox runs with --enable-native-access; see the parent pom
    private static MethodHandle fn(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lib.find(name).orElseThrow(
                () -> new UnsatisfiedLinkError(LIBRARY + " has no symbol " + name + " (libseccomp 2.5 or later is needed)"));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** Loaded once; holds either the bindings or why they could not be made. */
    @SuppressWarnings("restricted")
    private static final class Holder {
        static final Libseccomp INSTANCE;
        static final String PROBLEM;

        static {
            Libseccomp lib = null;
            String problem = null;
            try {
                lib = new Libseccomp(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
            } catch (IllegalArgumentException e) {
                // libraryLookup's way of saying dlopen failed.
                problem = LIBRARY + " not found; install it: apt-get install libseccomp2";
            } catch (UnsatisfiedLinkError e) {
                problem = e.getMessage() + "; install it: apt-get install libseccomp2";
            }
            INSTANCE = lib;
            PROBLEM = problem;
        }
    }

    static Optional<Libseccomp> get() {
        return Optional.ofNullable(Holder.INSTANCE);
    }

    static Optional<String> problem() {
        return Optional.ofNullable(Holder.PROBLEM);
    }
}
