package io.skillbox.core.compile;

import static io.skillbox.core.compile.CompilerFixtures.BUNDLE;
import static io.skillbox.core.compile.CompilerFixtures.DEFAULTS;
import static io.skillbox.core.compile.CompilerFixtures.compile;
import static io.skillbox.core.compile.CompilerFixtures.manifest;
import static io.skillbox.core.compile.CompilerFixtures.mergedUsrHost;
import static io.skillbox.core.compile.CompilerFixtures.policy;
import static io.skillbox.core.compile.CompilerFixtures.spec;
import static io.skillbox.core.compile.CompilerFixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.compile.CompilerFixtures.FakeBundle;
import io.skillbox.core.compile.CompilerFixtures.PolicyBuilder;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.spec.Mount;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sandbox's filesystem view: what is mounted, in which order, and what may never be. */
class MountPlanTest {

    private static List<Mount> mounts(Manifest manifest) {
        return spec(compile(manifest)).mounts();
    }

    private static Mount mountAt(List<Mount> mounts, String target) {
        return mounts.stream().filter(m -> m.target().equals(target)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount at " + target + " in " + mounts));
    }

    @Test
    void mountsComeInOrderSystemPathsProcDevShmEtcSkillFilesTmpWork() {
        List<Mount> mounts = mounts(manifest().file("data", "/data").build());

        assertThat(mounts).extracting(Mount::target).containsExactly(
                "/usr", "/bin", "/lib", "/lib64", "/etc/ld.so.cache",
                "/proc", "/dev", "/dev/shm",
                "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/hostname",
                "/skill", "/data", "/tmp", "/work");
    }

    @Test
    void aPresentSystemPathIsBoundReadOnlyFromWhereItReallyIs() {
        Map<String, HostLayout.Entry> host = new LinkedHashMap<>();
        host.put("/etc/ssl/certs", new HostLayout.Entry.Present(Path.of("/usr/share/ca-certificates/certs")));

        List<Mount> mounts = spec(compile(manifest().build(), policy(), new HostLayout(host), new FakeBundle(BUNDLE)))
                .mounts();

        assertThat(mounts.getFirst()).isEqualTo(
                new Mount.Bind(Path.of("/usr/share/ca-certificates/certs"), "/etc/ssl/certs", true));
    }

    @Test
    void aSymlinkSystemPathIsRecreatedAsASymlink() {
        assertThat(mountAt(mounts(manifest().build()), "/bin")).isEqualTo(new Mount.Symlink("usr/bin", "/bin"));
    }

    @Test
    void aMissingSystemPathIsSkipped() {
        assertThat(mounts(manifest().build())).extracting(Mount::target).doesNotContain("/libx32");
    }

    @Test
    void aSystemPathResolvingUnderABlockedPathIsRefused() {
        Map<String, HostLayout.Entry> host = new LinkedHashMap<>(mergedUsrHost().entries());
        host.put("/etc/python3", new HostLayout.Entry.Present(Path.of("/root/.config/python3")));

        List<Violation> violations = violations(compile(manifest().build(), policy(), new HostLayout(host),
                new FakeBundle(BUNDLE)));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(policy) filesystem.systemPaths");
            assertThat(v.problem()).contains("/etc/python3").contains("/root/.config/python3")
                    .contains("blocked path /root");
            assertThat(v.fix()).contains("remove /etc/python3");
        });
    }

    @Test
    void aSystemPathThatIsItselfBlockedIsRefused() {
        Map<String, HostLayout.Entry> host = Map.of("/proc", new HostLayout.Entry.Present(Path.of("/proc")));

        List<Violation> violations = violations(compile(manifest().build(), policy(), new HostLayout(host),
                new FakeBundle(BUNDLE)));

        assertThat(violations).extracting(Violation::field).containsExactly("(policy) filesystem.systemPaths");
    }

    @Test
    void aBundleRootContainingABlockedPathIsRefused() {
        List<Violation> violations = violations(compile(manifest().build(), policy(), mergedUsrHost(),
                new FakeBundle(Path.of("/run"))));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(bundle)");
            assertThat(v.problem()).contains("/run").contains("blocked host path /run/skillbox");
        });
    }

    @Test
    void theHostRootAsABundleIsRefusedForEveryBlockedPathItContains() {
        List<Violation> violations = violations(compile(manifest().build(),
                new PolicyBuilder().blockedPaths("/root", "/home").build(), mergedUsrHost(), new FakeBundle(Path.of("/"))));

        assertThat(violations).extracting(Violation::problem)
                .anySatisfy(p -> assertThat(p).contains("/root"))
                .anySatisfy(p -> assertThat(p).contains("/home"));
    }

    @Test
    void theBundleIsMountedReadOnlyAtSkill() {
        assertThat(mountAt(mounts(manifest().build()), "/skill")).isEqualTo(new Mount.Bind(BUNDLE, "/skill", true));
    }

    @Test
    void procDevAndTheTmpfsesArePrivateAndSized() {
        List<Mount> mounts = mounts(manifest().scratch(8L << 20).build());

        assertThat(mountAt(mounts, "/proc")).isEqualTo(new Mount.Proc("/proc"));
        assertThat(mountAt(mounts, "/dev")).isEqualTo(new Mount.Dev("/dev"));
        assertThat(mountAt(mounts, "/dev/shm")).isEqualTo(new Mount.Tmpfs("/dev/shm", DEFAULTS.tmpBytes(), 01777));
        assertThat(mountAt(mounts, "/tmp")).isEqualTo(new Mount.Tmpfs("/tmp", DEFAULTS.tmpBytes(), 01777));
        assertThat(mountAt(mounts, "/work")).isEqualTo(new Mount.Scratch("/work", 8L << 20));
    }

    @Test
    void theSyntheticEtcFilesNameThePolicysIdentity() {
        List<Mount> mounts = spec(compile(manifest().build(), new PolicyBuilder().sandbox(1234, 4321, "sbx-test").build()))
                .mounts();

        assertThat(((Mount.DataFile) mountAt(mounts, "/etc/passwd")).content())
                .contains("skill:x:1234:4321:").doesNotContain("/root:");
        assertThat(((Mount.DataFile) mountAt(mounts, "/etc/group")).content()).contains("skill:x:4321:");
        assertThat(((Mount.DataFile) mountAt(mounts, "/etc/hosts")).content()).contains("127.0.1.1\tsbx-test");
        assertThat(mountAt(mounts, "/etc/hostname")).isEqualTo(new Mount.DataFile("/etc/hostname", "sbx-test\n", 0444));
    }

    @Test
    void aFilesEntryIsBoundReadOnlyFromTheBundle() {
        assertThat(mountAt(mounts(manifest().file("data", "/data/in").build()), "/data/in"))
                .isEqualTo(new Mount.Bind(BUNDLE.resolve("data"), "/data/in", true));
    }

    @Test
    void aFilesTargetUnderSkillThatExistsInTheBundleIsAllowed() {
        assertThat(mountAt(mounts(manifest().file("data/readme.txt", "/skill/data/readme.txt").build()),
                "/skill/data/readme.txt")).isInstanceOf(Mount.Bind.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/proc", "/proc/self", "/dev", "/dev/shm", "/tmp", "/tmp/x", "/work", "/work/out",
            "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/hostname", "/data/../work"})
    void aFilesTargetReservedByTheSandboxIsRefused(String target) {
        List<Violation> violations = violations(compile(manifest().file("data", target).build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("files[0].target");
            assertThat(v.problem()).contains("is reserved by the sandbox");
            assertThat(v.fix()).contains("mount it elsewhere");
        });
    }

    @Test
    void aTargetThatOnlyStartsLikeAReservedOneIsAllowed() {
        assertThat(mounts(manifest().file("data", "/workspace").file("data", "/tmpdata").build()))
                .extracting(Mount::target).contains("/workspace", "/tmpdata");
    }

    @Test
    void theBundleMountItselfIsNotAFilesTarget() {
        List<Violation> violations = violations(compile(manifest().file("data", "/skill").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("files[0].target");
            assertThat(v.problem()).contains("mounted at /skill");
        });
    }

    @Test
    void aFilesTargetUnderSkillThatDoesNotExistIsRefused() {
        List<Violation> violations = violations(compile(manifest().file("data", "/skill/nowhere").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("files[0].target");
            assertThat(v.problem()).contains("/skill/nowhere").contains("does not exist");
            assertThat(v.fix()).contains("outside /skill");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "../outside", "data/../../etc"})
    void aFilesSourceNotInTheBundleIsRefused(String source) {
        List<Violation> violations = violations(compile(manifest().file(source, "/data").build()));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("files[0].source");
            assertThat(v.problem()).contains(source).contains("not in the bundle");
        });
    }

    @Test
    void eachBadFilesEntryIsNamedByItsIndex() {
        List<Violation> violations = violations(compile(manifest().file("data", "/data").file("missing", "/a")
                .file("data", "/proc/x").build()));

        assertThat(violations).extracting(Violation::field).containsExactly("files[1].source", "files[2].target");
    }
}
