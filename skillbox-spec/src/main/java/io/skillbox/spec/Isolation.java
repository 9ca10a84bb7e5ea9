package io.skillbox.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The isolation ladder, weakest boundary first. */
public enum Isolation {
    /** Linux namespaces, seccomp and cgroups around host binaries (bubblewrap). */
    NAMESPACES,
    /** An OCI runtime (runc, crun) on the host kernel. */
    CONTAINER,
    /** gVisor's user-space kernel (runsc): the skill never talks to the host kernel directly. */
    GVISOR,
    /** A hardware virtual machine (Kata, Firecracker). */
    MICROVM,
    /** WebAssembly with WASI capabilities, inside the JVM. */
    WASM;

    /** The name used in manifests, policies and results. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Isolation> fromWireName(String name) {
        return Arrays.stream(values()).filter(i -> i.wireName().equals(name)).findFirst();
    }
}
