package io.skillbox.linux.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.core.seccomp.SeccompProfiles;
import io.skillbox.spec.SeccompProfile;
import io.skillbox.spec.SeccompProfile.Action;
import io.skillbox.spec.SeccompProfile.ArgCondition;
import io.skillbox.spec.SeccompProfile.Op;
import io.skillbox.spec.SeccompProfile.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Compiles with the host's real libseccomp; needs no privileges (nothing is loaded into this JVM). */
class SeccompCompilerTest {
    /** The last syscall number (x86_64) in stock libseccomp 2.5.4's table: Linux 5.17's set_mempolicy_home_node. */
    private static final int LIBSECCOMP_2_5_4_LAST = 450;

    private final SeccompCompiler compiler = new SeccompCompiler();

    private static SeccompProfile builtin(String arch) {
        return SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), arch);
    }

    private static SeccompProfile profile(String name, Action defaultAction, List<Rule> rules) {
        return new SeccompProfile(name, defaultAction, defaultAction == Action.ERRNO ? 1 : 0, List.of("x86_64"), rules);
    }

    private static Rule allow(String name, ArgCondition... args) {
        return new Rule(List.of(name), Action.ALLOW, 0, List.of(args));
    }

    @Test
    void libseccompIsAvailable() {
        assertThat(SeccompCompiler.unavailableReason()).isEmpty();
    }

    @Test
    void compilesTheBuiltinProfileToWholeInstructionsAndCachesIt() {
        byte[] bpf = compiler.compile(builtin("x86_64"));
        assertThat(bpf.length % 8).isZero();
        assertThat(bpf.length / 8).isBetween(100, SeccompFilter.MAX_INSTRUCTIONS);

        byte[] again = compiler.compile(builtin("x86_64"));
        assertThat(again).isEqualTo(bpf).isNotSameAs(bpf);
        assertThat(compiler.build(builtin("x86_64"), false).skipped()).as("every built-in name matters on x86").isEmpty();
    }

    @Test
    void everyNameInDefaultJsonResolvesOnX8664() throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream in = SeccompProfiles.class.getResourceAsStream("default.json")) {
            for (JsonNode rule : Json.json().readTree(in.readAllBytes()).get("syscalls")) {
                rule.get("names").forEach(n -> names.add(n.stringValue()));
            }
        }
        Libseccomp lib = Libseccomp.get().orElseThrow();
        try (SeccompFilter filter = SeccompFilter.create(lib, Libseccomp.SCMP_ACT_ALLOW)) {
            filter.architectures(List.of("x86_64"));
            List<String> unknown = new ArrayList<>();
            List<String> tooNew = new ArrayList<>();
            for (String name : names) {
                int nr = filter.resolveOnEach(name)[0];
                if (nr == Libseccomp.NR_SCMP_ERROR) {
                    unknown.add(name);
                } else if (nr > LIBSECCOMP_2_5_4_LAST) {
                    tooNew.add(name);
                }
            }
            assertThat(unknown).as("names libseccomp does not know").isEmpty();
            assertThat(tooNew).as("names older libseccomp 2.5.x would not know").isEmpty();
        }
        assertThat(names).hasSizeGreaterThan(250);
    }

    @Test
    void x86SocketcallCannotCarrySocketPastTheFamilyCheck() {
        String pfc = compiler.pseudoCode(builtin("x86_64"));
        String x86 = pfc.substring(pfc.indexOf("# filter for arch x86 "), pfc.indexOf("# filter for arch x32 "));
        // Without the explicit rule libseccomp would emit socketcall(a0 == SYS_SOCKET) -> ALLOW, unchecked.
        assertThat(x86).contains("if ($syscall == 102)\n    action ERRNO(38);");
        assertThat(x86).contains("if ($syscall == 359)");
        assertThat(pfc).contains("# invalid architecture action\naction KILL_PROCESS;");
        assertThat(pfc).contains("if ($syscall == 435)\n    action ERRNO(38);");
    }

    @Test
    void compilesForAnotherArchitectureFamily() {
        String pfc = compiler.pseudoCode(builtin("aarch64"));
        assertThat(pfc).contains("# filter for arch aarch64 ").contains("# filter for arch arm ")
                .doesNotContain("# filter for arch x86_64 ");
    }

    @Test
    void skipsRulesWithTheDefaultActionAsRuncDoes() {
        SeccompProfile p = profile("test", Action.ERRNO, List.of(allow("read"),
                new Rule(List.of("mount"), Action.ERRNO, 1, List.of())));
        assertThat(compiler.pseudoCode(p)).doesNotContain("\"mount\"");
    }

    @Test
    void refusesAnUnconditionalRuleThatWouldHideAConditionalOne() {
        SeccompProfile p = profile("test", Action.ERRNO, List.of(allow("socket"),
                new Rule(List.of("socket"), Action.ERRNO, 13, List.of(new ArgCondition(0, 40, 0, Op.EQ)))));
        assertThatThrownBy(() -> compiler.compile(p)).isInstanceOfSatisfying(SkillboxException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
            assertThat(e.violations()).extracting(Violation::field).containsExactly("seccomp.profile: rules[1]");
        });
    }

    @Test
    void reportsRulesLibseccompRefuses() {
        SeccompProfile p = profile("test", Action.ERRNO, List.of(allow("write",
                new ArgCondition(0, 1, 0, Op.GE), new ArgCondition(0, 9, 0, Op.LE))));
        assertThatThrownBy(() -> compiler.compile(p)).isInstanceOfSatisfying(SkillboxException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
            assertThat(e.violations()).extracting(Violation::field).containsExactly("seccomp.profile: rules[0]");
        });
    }

    @Test
    void unknownNamesAreSkippedExceptInBuiltinProfiles() {
        List<Rule> rules = List.of(allow("read"), allow("no_such_syscall"), allow("arm_fadvise64_64"));
        assertThat(compiler.build(profile("/etc/p.json", Action.ERRNO, rules), false).skipped())
                .containsExactly("no_such_syscall", "arm_fadvise64_64");
        assertThatThrownBy(() -> compiler.compile(profile("builtin:default", Action.ERRNO, rules)))
                .isInstanceOfSatisfying(SkillboxException.class,
                        e -> assertThat(e.getMessage()).contains("no_such_syscall"));
    }

    @Test
    void presenceFollowsLibseccompNumbering() {
        assertThat(SeccompCompiler.presence(new int[] {-1, -1})).isEqualTo(SeccompCompiler.Presence.UNKNOWN);
        assertThat(SeccompCompiler.presence(new int[] {-10026, 140})).isEqualTo(SeccompCompiler.Presence.PRESENT);
        assertThat(SeccompCompiler.presence(new int[] {-10001})).isEqualTo(SeccompCompiler.Presence.ABSENT);
        assertThat(SeccompCompiler.presence(new int[] {-101})).isEqualTo(SeccompCompiler.Presence.PRESENT);
    }

    @Test
    void allowByDefaultProfilesCompile() {
        SeccompProfile p = profile("deny-list", Action.ALLOW,
                List.of(new Rule(List.of("ptrace"), Action.KILL_PROCESS, 0, List.of())));
        assertThat(p.isAllowByDefault()).isTrue();
        assertThat(compiler.pseudoCode(p)).contains("action KILL_PROCESS;").contains("action ALLOW;");
    }

    @Test
    void compilesConcurrently() throws Exception {
        List<SeccompProfile> profiles = List.of(builtin("x86_64"), builtin("aarch64"),
                SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of("CAP_SYS_NICE"), "x86_64"));
        List<byte[]> expected = profiles.stream().map(p -> new SeccompCompiler().compile(p)).toList();
        SeccompCompiler shared = new SeccompCompiler();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                SeccompProfile p = profiles.get(i % profiles.size());
                results.add(pool.submit(() -> shared.compile(p)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(expected.get(i % profiles.size()));
            }
        }
    }
}
