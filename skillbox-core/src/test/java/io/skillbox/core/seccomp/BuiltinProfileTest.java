package io.skillbox.core.seccomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SeccompProfile.Action;
import io.skillbox.spec.SeccompProfile.ArgCondition;
import io.skillbox.spec.SeccompProfile.Op;
import io.skillbox.spec.SeccompProfile.Rule;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the built-in profile promises in default.md, checked for each architecture family and even with every capability. */
class BuiltinProfileTest {
    /** Every capability a Docker profile might condition on: none of them may open these. */
    private static final Set<String> ALL_CAPS = Set.of("CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_BOOT",
            "CAP_SYS_MODULE", "CAP_SYS_TIME", "CAP_SYS_RAWIO", "CAP_SYSLOG", "CAP_BPF", "CAP_PERFMON",
            "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_PACCT", "CAP_DAC_READ_SEARCH", "CAP_SYS_TTY_CONFIG",
            "CAP_NET_ADMIN", "CAP_IPC_LOCK");

    static final List<String> NEVER_ALLOWED = List.of("mount", "umount", "umount2", "unshare", "setns",
            "pivot_root", "chroot", "keyctl", "add_key", "request_key", "bpf", "ptrace", "process_vm_readv",
            "process_vm_writev", "perf_event_open", "kexec_load", "kexec_file_load", "init_module", "finit_module",
            "delete_module", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
            "open_by_handle_at", "name_to_handle_at", "reboot", "swapon", "swapoff", "acct", "settimeofday",
            "stime", "clock_settime", "clock_settime64", "clock_adjtime", "clock_adjtime64", "adjtimex", "syslog",
            "iopl", "ioperm", "quotactl", "quotactl_fd", "lookup_dcookie", "fanotify_init", "vhangup",
            "mount_setattr", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "pidfd_getfd",
            "kcmp", "modify_ldt", "vm86", "vm86old", "uselib", "memfd_secret", "sethostname", "setdomainname");

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void neverAllowsTheDangerousSyscalls(String arch) {
        for (Set<String> caps : List.of(Set.<String>of(), ALL_CAPS)) {
            SeccompProfile p = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, caps, arch);
            assertThat(p.defaultAction()).isEqualTo(Action.ERRNO);
            assertThat(p.defaultErrno()).isEqualTo(1);
            assertThat(p.isAllowByDefault()).isFalse();
            for (String name : NEVER_ALLOWED) {
                assertThat(SeccompProfilesTest.rulesFor(p, name)).as(name + " on " + arch).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "aarch64"})
    void conditionalRulesAreExactlyTheDocumentedOnes(String arch) {
        SeccompProfile p = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, ALL_CAPS, arch);
        assertThat(SeccompProfilesTest.rulesFor(p, "clone")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.ALLOW);
            assertThat(r.args()).containsExactly(new ArgCondition(0, 0x7E020000L, 0, Op.MASKED_EQ));
        });
        assertThat(SeccompProfilesTest.rulesFor(p, "clone3")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.ERRNO);
            assertThat(r.errno()).isEqualTo(38);
        });
        assertThat(SeccompProfilesTest.rulesFor(p, "socket")).extracting(r -> r.args().getFirst())
                .containsExactly(eq(1), eq(2), eq(10), eq(16));
        assertThat(SeccompProfilesTest.rulesFor(p, "personality")).extracting(r -> r.args().getFirst())
                .containsExactly(eq(0), eq(8), eq(0x20008), eq(0xffffffffL));
        for (Rule rule : p.rules()) {
            if (!rule.args().isEmpty()) {
                assertThat(rule.names()).as("rules with arguments").isSubsetOf("clone", "socket", "personality");
            }
        }
        assertThat(SeccompRuleConflicts.find(p.rules())).isEmpty();
    }

    private static ArgCondition eq(long value) {
        return new ArgCondition(0, value, 0, Op.EQ);
    }
}
