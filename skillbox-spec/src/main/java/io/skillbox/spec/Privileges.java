package io.skillbox.spec;

import java.util.List;
import java.util.Objects;

/**
 * What the skill's process may do to the kernel.
 *
 * @param capabilities    capabilities kept inside the sandbox (upstream names, e.g. {@code CAP_NET_RAW});
 *                        empty means all are dropped, which is the only value the compiler produces today
 * @param noNewPrivileges {@code PR_SET_NO_NEW_PRIVS}: setuid binaries and file capabilities grant nothing
 * @param seccomp         the syscall filter, already resolved for this run's capabilities and architecture
 */
public record Privileges(List<String> capabilities, boolean noNewPrivileges, SeccompProfile seccomp) {
    public Privileges {
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(seccomp, "seccomp");
    }
}
