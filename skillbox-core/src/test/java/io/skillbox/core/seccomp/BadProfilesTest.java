package io.skillbox.core.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad profile is refused with INVALID_POLICY and a violation naming the offending field. */
class BadProfilesTest {
    private static final String OK_RULE = "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}";

    static Stream<Arguments> badProfiles() {
        return Stream.of(
                bad("top-level comment is not Docker format", "{\"comment\": \"x\", " + base() + "}", "comment"),
                bad("missing defaultAction", "{\"syscalls\": []}", "defaultAction"),
                bad("unknown default action", "{\"defaultAction\": \"SCMP_ACT_MAYBE\"}", "defaultAction"),
                bad("defaultErrnoRet without ERRNO", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1}",
                        "defaultErrnoRet"),
                bad("unknown action", rules(OK_RULE, "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_NOPE\"}"),
                        "syscalls[1].action"),
                bad("notify is unsupported", rules("{\"names\": [\"read\"], \"action\": \"SCMP_ACT_NOTIFY\"}"),
                        "syscalls[0].action"),
                bad("trace is unsupported", rules("{\"names\": [\"read\"], \"action\": \"SCMP_ACT_TRACE\"}"),
                        "syscalls[0].action"),
                bad("missing action", rules("{\"names\": [\"read\"]}"), "syscalls[0].action"),
                bad("unknown op", rules(arg("{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_LIKE\"}")),
                        "syscalls[0].args[0].op"),
                bad("index 6", rules(arg("{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}")),
                        "syscalls[0].args[0].index"),
                bad("negative value", rules(arg("{\"index\": 0, \"value\": -1, \"op\": \"SCMP_CMP_EQ\"}")),
                        "syscalls[0].args[0].value"),
                bad("value above u64", rules(arg("{\"index\": 0, \"value\": 18446744073709551616, \"op\": \"SCMP_CMP_EQ\"}")),
                        "syscalls[0].args[0].value"),
                bad("value as string", rules(arg("{\"index\": 0, \"value\": \"1\", \"op\": \"SCMP_CMP_EQ\"}")),
                        "syscalls[0].args[0].value"),
                bad("missing value", rules(arg("{\"index\": 0, \"op\": \"SCMP_CMP_EQ\"}")), "syscalls[0].args[0].value"),
                bad("unknown arg key", rules(arg("{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\", \"mask\": 1}")),
                        "syscalls[0].args[0].mask"),
                bad("two conditions on one argument", rules(arg("{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_GE\"}, "
                        + "{\"index\": 0, \"value\": 9, \"op\": \"SCMP_CMP_LE\"}")), "syscalls[0].args[1].index"),
                bad("args not an array", rules("{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": {}}"),
                        "syscalls[0].args"),
                bad("errnoRet with ALLOW", rules("{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"errnoRet\": 1}"),
                        "syscalls[0].errnoRet"),
                bad("errnoRet too large", rules("{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 5000}"),
                        "syscalls[0].errnoRet"),
                bad("name and names", rules("{\"name\": \"read\", \"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\"}"),
                        "syscalls[0].name"),
                bad("empty names", rules("{\"names\": [], \"action\": \"SCMP_ACT_ALLOW\"}"), "syscalls[0].names"),
                bad("no names", rules("{\"action\": \"SCMP_ACT_ALLOW\"}"), "syscalls[0].names"),
                bad("not a syscall name", rules("{\"names\": [\"read\", \"Open!\"], \"action\": \"SCMP_ACT_ALLOW\"}"),
                        "syscalls[0].names[1]"),
                bad("unknown syscall key", rules("{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"prio\": 1}"),
                        "syscalls[0].prio"),
                bad("unknown filter key", rules(filter("includes", "{\"kernel\": \"4.8\"}")), "syscalls[0].includes.kernel"),
                bad("capability spelling", rules(filter("includes", "{\"caps\": [\"SYS_ADMIN\"]}")),
                        "syscalls[0].includes.caps[0]"),
                bad("unknown arch in excludes", rules(filter("excludes", "{\"arches\": [\"amd64\", \"vax\"]}")),
                        "syscalls[0].excludes.arches[1]"),
                bad("minKernel format", rules(filter("includes", "{\"minKernel\": \"4\"}")),
                        "syscalls[0].includes.minKernel"),
                bad("archMap and architectures", "{" + base() + ", \"architectures\": [\"SCMP_ARCH_X86_64\"], "
                        + "\"archMap\": []}", "archMap"),
                bad("archMap without this host", "{" + base() + ", \"archMap\": [{\"architecture\": "
                        + "\"SCMP_ARCH_AARCH64\", \"subArchitectures\": [\"SCMP_ARCH_ARM\"]}]}", "archMap"),
                bad("unknown archMap key", "{" + base() + ", \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\", "
                        + "\"sub\": []}]}", "archMap[0].sub"),
                bad("unknown architecture", "{" + base() + ", \"architectures\": [\"SCMP_ARCH_X86_64\", "
                        + "\"SCMP_ARCH_VAX\"]}", "architectures[1]"),
                bad("filter flags", "{" + base() + ", \"flags\": [\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"]}", "flags"),
                bad("user notification", "{" + base() + ", \"listenerPath\": \"/run/notify.sock\"}", "listenerPath"),
                bad("syscalls not an array", "{" + base() + ", \"syscalls\": {}}", "syscalls"),
                bad("syscall entry not an object", rules("\"read\""), "syscalls[0]"),
                bad("unconditional rule hides a conditional one", rules(OK_RULE,
                        "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": "
                                + "[{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_EQ\"}]}"), "syscalls[1]"),
                bad("two unconditional actions", rules(OK_RULE,
                        "{\"names\": [\"write\", \"read\"], \"action\": \"SCMP_ACT_KILL\"}"), "syscalls[1]"),
                bad("not JSON", "{\"defaultAction\": ", null),
                bad("duplicate key", "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultAction\": \"SCMP_ACT_ALLOW\"}",
                        null),
                bad("not an object", "[]", null),
                bad("trailing document", "{\"defaultAction\": \"SCMP_ACT_ERRNO\"} {}", null));
    }

    private static Arguments bad(String why, String json, String field) {
        return Arguments.of(why, json, field == null ? "seccomp.profile" : "seccomp.profile: " + field);
    }

    private static String base() {
        return "\"defaultAction\": \"SCMP_ACT_ERRNO\"";
    }

    private static String rules(String... entries) {
        return "{" + base() + ", \"syscalls\": [" + String.join(", ", entries) + "]}";
    }

    private static String arg(String args) {
        return "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [" + args + "]}";
    }

    private static String filter(String key, String filter) {
        return "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"" + key + "\": " + filter + "}";
    }

    private static SkillboxException refusal(String json) {
        ProfileReader reader = new ProfileReader("test.json", Set.of(), "x86_64", Optional.empty());
        try {
            reader.read(json.getBytes(StandardCharsets.UTF_8));
        } catch (SkillboxException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProfiles")
    void isRefusedNamingTheField(String why, String json, String field) {
        SkillboxException e = refusal(json);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_POLICY);
        assertThat(e.violations()).extracting(Violation::field).as(e.describe()).containsExactly(field);
        assertThat(e.getMessage()).contains("test.json");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        SkillboxException e = refusal("{\"defaultAction\": \"SCMP_ACT_X\", \"syscalls\": ["
                + "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_Y\"},"
                + "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 9, \"value\": 1, "
                + "\"op\": \"SCMP_CMP_EQ\"}]}]}");
        assertThat(e.violations()).extracting(Violation::field).containsExactly("seccomp.profile: defaultAction",
                "seccomp.profile: syscalls[0].action", "seccomp.profile: syscalls[1].args[0].index");
    }

    @Test
    void builtinHasNoEntryForThirtyTwoBitHosts() {
        assertThatThrownBy(() -> SeccompProfiles.load(SeccompProfiles.BUILTIN_DEFAULT, Set.of(), "i686"))
                .isInstanceOfSatisfying(SkillboxException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("seccomp.profile: archMap"));
    }
}
