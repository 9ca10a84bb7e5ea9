package io.skillbox.core.backend;

import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** One thing a spec can demand and a backend may or may not be able to enforce. */
public enum Feature {
    NETWORK_NONE,
    NETWORK_BROKER,
    NETWORK_ALLOWLIST,
    MEMORY_LIMIT,
    CPU_LIMIT,
    PIDS_LIMIT,
    WALL_TIMEOUT,
    OUTPUT_LIMIT,
    SCRATCH_LIMIT,
    SECCOMP,
    NO_NEW_PRIVILEGES,
    DROP_ALL_CAPABILITIES,
    /** The skill's processes run as a non-root host uid, so an escape from the user namespace lands nowhere. */
    UNPRIVILEGED_HOST_UID,
    ARTIFACTS,
    /** The root filesystem comes from an OCI image ({@link io.skillbox.spec.Mount.ImageRoot}). */
    IMAGE_ROOTFS;

    /** Every feature a spec needs; a backend lacking any one must not run it. */
    public static Set<Feature> requiredBy(SandboxSpec spec) {
        EnumSet<Feature> required = EnumSet.of(MEMORY_LIMIT, CPU_LIMIT, PIDS_LIMIT, WALL_TIMEOUT, OUTPUT_LIMIT,
                SCRATCH_LIMIT, SECCOMP, UNPRIVILEGED_HOST_UID, ARTIFACTS);
        if (spec.privileges().noNewPrivileges()) {
            required.add(NO_NEW_PRIVILEGES);
        }
        if (spec.privileges().capabilities().isEmpty()) {
            required.add(DROP_ALL_CAPABILITIES);
        }
        if (spec.imageRoot().isPresent()) {
            required.add(IMAGE_ROOTFS);
        }
        required.add(switch (spec.network()) {
            case NetworkSpec.None none -> NETWORK_NONE;
            case NetworkSpec.Broker broker -> NETWORK_BROKER;
            case NetworkSpec.Allowlist allowlist -> NETWORK_ALLOWLIST;
        });
        return required;
    }

    /** Human wording, e.g. {@code network allowlist}. */
    public String describe() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
