package io.skillbox.core.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SeccompProfile.Action;
import io.skillbox.spec.SeccompProfile.ArgCondition;
import io.skillbox.spec.SeccompProfile.Op;
import io.skillbox.spec.SeccompProfile.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeccompProfilesTest {
    private static final Optional<KernelVersion> KERNEL_6_1 = Optional.of(new KernelVersion(6, 1));

    static SeccompProfile fixture(String name, Set<String> caps, String arch, Optional<KernelVersion> kernel)
            throws IOException {
        try (InputStream in = SeccompProfilesTest.class.getResourceAsStream("/seccomp/" + name)) {
            return new ProfileReader(name, SeccompProfiles.normalizeCaps(caps), SeccompArches.normalize(arch).orElseThrow(),
                    kernel).read(in.readAllBytes());
        }
    }

    static List<Rule> rulesFor(SeccompProfile profile, String syscall) {
        return profile.rules().stream().filter(r -> r.names().contains(syscall)).toList();
    }

    @Test
    void dockerFormatWithoutCapabilitiesOnX8664() throws IOException {
        SeccompProfile p = fixture("docker-format.json", Set.of(), "x86_64", KERNEL_6_1);

        assertThat(p.defaultAction()).isEqualTo(Action.ERRNO);
        assertThat(p.defaultErrno()).isEqualTo(1);
        assertThat(p.architectures()).containsExactly("x86_64", "x86", "x32");
        assertThat(rulesFor(p, "getpid")).hasSize(1);
        assertThat(rulesFor(p, "mount")).isEmpty();
        assertThat(rulesFor(p, "bpf")).isEmpty();
        assertThat(rulesFor(p, "clone")).singleElement().satisfies(r -> assertThat(r.args())
                .containsExactly(new ArgCondition(0, 0x7E020000L, 0, Op.MASKED_EQ)));
        assertThat(rulesFor(p, "arch_prctl")).hasSize(1);
        assertThat(rulesFor(p, "ptrace")).hasSize(1);
        assertThat(rulesFor(p, "clone3")).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(Action.ERRNO);
            assertThat(r.errno()).isEqualTo(38);
        });
        assertThat(rulesFor(p, "kill").getFirst().action()).isEqualTo(Action.KILL_THREAD);
        assertThat(rulesFor(p, "reboot").getFirst().action()).isEqualTo(Action.KILL_PROCESS);
        assertThat(rulesFor(p, "uselib").getFirst().action()).isEqualTo(Action.TRAP);
        assertThat(rulesFor(p, "syslog").getFirst().action()).isEqualTo(Action.LOG);
        assertThat(p.isAllowByDefault()).isFalse();
    }

    @Test
    void includesNeedEveryCapabilityAndExcludesAnyOne() throws IOException {
        SeccompProfile admin = fixture("docker-format.json", Set.of("SYS_ADMIN"), "x86_64", KERNEL_6_1);
        assertThat(rulesFor(admin, "mount")).hasSize(1);
        assertThat(rulesFor(admin, "bpf")).as("needs CAP_BPF as well").isEmpty();
        assertThat(rulesFor(admin, "clone")).as("excluded by CAP_SYS_ADMIN").isEmpty();
        assertThat(rulesFor(admin, "clone3")).isEmpty();

        SeccompProfile both = fixture("docker-format.json", Set.of("CAP_SYS_ADMIN", "cap_bpf"), "amd64", KERNEL_6_1);
        assertThat(rulesFor(both, "bpf")).hasSize(1);
    }

    @Test
    void archesSelectTheHostEntryAndItsRules() throws IOException {
        SeccompProfile arm = fixture("docker-format.json", Set.of(), "aarch64", KERNEL_6_1);
        assertThat(arm.architectures()).containsExactly("aarch64", "arm");
        assertThat(rulesFor(arm, "arch_prctl")).isEmpty();

        SeccompProfile s390 = fixture("docker-format.json", Set.of(), "s390x", KERNEL_6_1);
        assertThat(s390.architectures()).containsExactly("s390x", "s390");
        assertThat(rulesFor(s390, "clone")).singleElement()
                .satisfies(r -> assertThat(r.args().getFirst().index()).isEqualTo(1));
    }

    @Test
    void minKernelComparesWithTheGivenKernel() throws IOException {
        SeccompProfile old = fixture("docker-format.json", Set.of(), "x86_64", Optional.of(new KernelVersion(4, 4)));
        assertThat(rulesFor(old, "ptrace")).isEmpty();

        assertThatThrownBy(() -> fixture("docker-format.json", Set.of(), "x86_64", Optional.empty()))
                .isInstanceOfSatisfying(SkillboxException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> assertThat(v.field())
                                .isEqualTo("seccomp.profile: syscalls[7].includes.minKernel")));
    }

    @Test
    void ociFormatKeepsTheHostFamilyAndFullUnsignedValues() throws IOException {
        SeccompProfile p = fixture("oci-format.json", Set.of(), "x86_64", Optional.empty());

        assertThat(p.isAllowByDefault()).isTrue();
        assertThat(p.architectures()).containsExactly("x86_64", "x86");
        assertThat(rulesFor(p, "personality").getFirst().args())
                .containsExactly(new ArgCondition(0, -1L, 0, Op.NE));
        assertThat(rulesFor(p, "socket").getFirst().errno()).as("ERRNO without errnoRet").isEqualTo(1);
        assertThat(rulesFor(p, "keyctl").getFirst().errno()).isEqualTo(38);
        assertThat(rulesFor(p, "mmap").getFirst().args()).containsExactly(
                new ArgCondition(2, 4, 4, Op.MASKED_EQ), new ArgCondition(3, 32, 0, Op.GE));
    }

    @Test
    void builtinProfileMatchesItsGoldenFile() throws IOException {
        SeccompProfile p = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), "x86_64", Optional.empty());
        String actual = SeccompProfileText.render(p);
        Path golden = Path.of("src/test/resources/seccomp/golden/default-x86_64.txt");
        if (Boolean.getBoolean("skillbox.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(golden)).as("golden file exists; create it with -Dskillbox.updateGolden=true").isTrue();
        assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    @Test
    void builtinIsCachedPerCapabilitiesAndArch() {
        SeccompProfile a = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), "amd64");
        SeccompProfile b = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), "amd64");
        SeccompProfile nice = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of("CAP_SYS_NICE"), "amd64");
        assertThat(b).isSameAs(a);
        assertThat(nice).isNotEqualTo(a);
        assertThat(rulesFor(nice, "mbind")).hasSize(1);
        assertThat(rulesFor(a, "mbind")).isEmpty();
    }

    @Test
    void builtinOnAarch64() {
        SeccompProfile p = SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), "arm64");
        assertThat(p.architectures()).containsExactly("aarch64", "arm");
        assertThat(rulesFor(p, "arch_prctl")).isEmpty();
        assertThat(rulesFor(p, "set_tls")).hasSize(1);
    }

    @Test
    void fileProfilesAreCachedUntilTheFileChanges(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("profile.json");
        Files.writeString(file, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": []}");
        SeccompProfile first = SeccompProfiles.load(file.toString(), Set.of(), "x86_64");
        assertThat(SeccompProfiles.load(file.toString(), Set.of(), "x86_64")).isSameAs(first);
        assertThat(first.name()).isEqualTo(file.toString());
        assertThat(first.architectures()).containsExactly("x86_64");

        Files.writeString(file, "{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\", \"syscalls\": []}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertThat(SeccompProfiles.load(file.toString(), Set.of(), "x86_64").defaultAction())
                .isEqualTo(Action.KILL_PROCESS);
    }

    @Test
    void refusesBadReferences(@TempDir Path dir) {
        for (String ref : List.of("builtin:nope", "relative/profile.json", dir.resolve("missing.json").toString(),
                dir.toString())) {
            assertThatThrownBy(() -> SeccompProfiles.load(ref, Set.of(), "x86_64"))
                    .as(ref)
                    .isInstanceOfSatisfying(SkillboxException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
                        assertThat(e.violations()).singleElement()
                                .satisfies(v -> assertThat(v.field()).isEqualTo("seccomp.profile"));
                    });
        }
        assertThatThrownBy(() -> SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), "vax"))
                .isInstanceOfSatisfying(SkillboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void kernelVersions() {
        assertThat(KernelVersion.parse("4.8")).contains(new KernelVersion(4, 8));
        assertThat(KernelVersion.parse("4.8.1")).isEmpty();
        assertThat(KernelVersion.parse("4")).isEmpty();
        assertThat(new KernelVersion(4, 10)).isGreaterThan(new KernelVersion(4, 9));
        assertThat(new KernelVersion(5, 0)).isGreaterThan(new KernelVersion(4, 20));
        assertThat(KernelVersion.running()).as("os.version on Linux").isPresent();
    }

    @Test
    void hostArchIsLibseccompSpelling() {
        assertThat(SeccompProfiles.hostArch()).isIn("x86_64", "aarch64", "x86", "arm", "ppc64le", "s390x", "riscv64");
    }
}
