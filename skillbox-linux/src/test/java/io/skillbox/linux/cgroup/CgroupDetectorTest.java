package io.skillbox.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupDetectorTest {

    @Test
    void thisHostsHybridLayoutIsV1WithTheMemoryCgroupBelowProcessApi() {
        CgroupManager manager = CgroupManager.detect(Fixtures.v1Hybrid());

        assertThat(manager).isInstanceOf(CgroupV1Manager.class);
        assertThat(manager.describe()).isEqualTo("cgroup v1 (memory, pids, cpu, cpuacct, freezer) under "
                + Fixtures.HOST_MEMORY_OWN + "/skillbox, /sys/fs/cgroup/pids/skillbox, /sys/fs/cgroup/cpu/skillbox,"
                + " /sys/fs/cgroup/cpuacct/skillbox, /sys/fs/cgroup/freezer/skillbox");
        assertThat(CgroupManager.unavailableReason(Fixtures.v1Hybrid())).isEmpty();
    }

    @Test
    void coMountedCpuAndCpuacctShareOneDirectory() {
        CgroupManager manager = CgroupManager.detect(Fixtures.v1Comounted());

        assertThat(manager.describe()).isEqualTo("cgroup v1 (memory, pids, cpu,cpuacct, freezer) under"
                + " /sys/fs/cgroup/memory/system.slice/skillbox.service/skillbox,"
                + " /sys/fs/cgroup/pids/system.slice/skillbox.service/skillbox,"
                + " /sys/fs/cgroup/cpu,cpuacct/system.slice/skillbox.service/skillbox,"
                + " /sys/fs/cgroup/freezer/skillbox");
    }

    @Test
    void pureV2AtTheRoot() {
        CgroupManager manager = CgroupManager.detect(Fixtures.v2("v2-root"));

        assertThat(manager).isInstanceOf(CgroupV2Manager.class);
        assertThat(manager.describe()).isEqualTo("cgroup v2 (memory, pids, cpu) under /skillbox (mounted at /sys/fs/cgroup)");
    }

    @Test
    void v2NestedInASystemdUserService() {
        CgroupManager manager = CgroupManager.detect(Fixtures.v2("v2-nested"));

        assertThat(manager.describe()).isEqualTo("cgroup v2 (memory, pids, cpu) under"
                + " /user.slice/user-1000.slice/user@1000.service/app.slice/skillbox.service/skillbox"
                + " (mounted at /sys/fs/cgroup)");
    }

    @Test
    void aJvmAlreadyInTheSupervisorLeafUsesItsParent() {
        FakeCgroupFs fs = Fixtures.v2("v2-nested")
                .file("/proc/self/cgroup", "0::/user.slice/user-1000.slice/user@1000.service/app.slice/"
                        + "skillbox.service/skillbox-supervisor\n")
                .cgroup("/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/skillbox.service/"
                        + "skillbox-supervisor");

        assertThat(CgroupManager.detect(fs).describe()).contains("/app.slice/skillbox.service/skillbox (mounted");
    }

    @Test
    void v2MountRootBelowTheHierarchyRoot() {
        // A container without a cgroup namespace: its cgroup is mounted as /sys/fs/cgroup.
        FakeCgroupFs fs = Fixtures.v2("v2-root")
                .file("/proc/self/mountinfo", "30 22 0:26 /docker/abc /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n")
                .file("/proc/self/cgroup", "0::/docker/abc\n");

        assertThat(CgroupManager.detect(fs).describe()).startsWith("cgroup v2 (memory, pids, cpu) under /skillbox ");
    }

    @Test
    void readOnlyContainerMountIsUnavailableWithTheReason() {
        FakeCgroupFs fs = Fixtures.v2("v2-container-ro");

        assertThat(CgroupManager.unavailableReason(fs)).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("cgroup v2: ").contains("/sys/fs/cgroup is mounted read-only"));
        assertThatThrownBy(() -> CgroupManager.detect(fs)).isInstanceOfSatisfying(CgroupException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE));
    }

    @Test
    void controllersNotDelegatedAreNamed() {
        String own = "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/skillbox.service";
        FakeCgroupFs fs = Fixtures.v2("v2-nested").file(own + "/cgroup.controllers", "memory pids\n");

        assertThat(CgroupManager.unavailableReason(fs)).hasValue("cgroup v2: controllers [cpu] are not delegated to "
                + own + " (its cgroup.controllers: memory pids); run skillbox as root, or in a systemd unit with"
                + " Delegate=yes");
    }

    @Test
    void notRootAndNotDelegatedIsUnavailable() {
        FakeCgroupFs fs = Fixtures.v1Hybrid().readOnly("/sys/fs/cgroup/pids").readOnly("/sys/fs/cgroup/freezer");

        assertThat(CgroupManager.unavailableReason(fs)).hasValue("cgroup v1: cannot write /sys/fs/cgroup/pids:"
                + " run skillbox as root, or in a cgroup delegated to its user; cannot write /sys/fs/cgroup/freezer:"
                + " run skillbox as root, or in a cgroup delegated to its user");
    }

    @Test
    void missingV1ControllerIsNamed() {
        FakeCgroupFs fs = Fixtures.v1Hybrid()
                .file("/proc/self/mountinfo", Fixtures.text("v1-hybrid.mountinfo").replace("rw,pids", "rw,nopids"))
                .file("/proc/self/cgroup", Fixtures.text("v1-hybrid.cgroup").replace("8:pids:/", "8:nopids:/"));

        assertThat(CgroupManager.unavailableReason(fs))
                .hasValue("cgroup v1: controller pids is not enabled in this kernel (/proc/self/cgroup)");
    }

    @Test
    void noCgroupFilesystemAtAll() {
        FakeCgroupFs fs = new FakeCgroupFs()
                .file("/proc/self/mountinfo", "21 26 0:20 / /proc rw,relatime - proc proc rw\n")
                .file("/proc/self/cgroup", "");

        assertThat(CgroupManager.unavailableReason(fs)).hasValueSatisfying(r -> assertThat(r)
                .startsWith("no usable cgroup memory controller"));
    }

    @Test
    void mountinfoParsingKeepsControllersFlagsAndEscapes() {
        List<ProcCgroups.Mount> mounts = ProcCgroups.parseMountinfo(
                "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:13 - cgroup cgroup rw,xattr,cpu,cpuacct\n"
                        + "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
                        + "40 30 0:37 / /mnt/cg\\040two ro,relatime - cgroup2 cgroup2 rw\n"
                        + "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n");

        assertThat(mounts).containsExactly(
                new ProcCgroups.Mount("/", Path.of("/sys/fs/cgroup/cpu,cpuacct"), false, java.util.Set.of("cpu", "cpuacct"), false),
                new ProcCgroups.Mount("/", Path.of("/sys/fs/cgroup/systemd"), false, java.util.Set.of(), false),
                new ProcCgroups.Mount("/", Path.of("/mnt/cg two"), true, java.util.Set.of(), true));
    }

    @Test
    void procCgroupPathsMayContainColons() {
        assertThat(ProcCgroups.parseProcCgroup("5:cpu,cpuacct:/a:b\n0::/x\n")).containsExactly(
                new ProcCgroups.Membership(5, java.util.Set.of("cpu", "cpuacct"), "/a:b"),
                new ProcCgroups.Membership(0, java.util.Set.of(), "/x"));
    }

    @Test
    void mountShowsOnlyCgroupsBelowItsRoot() {
        var mount = new ProcCgroups.Mount("/docker/abc", Path.of("/sys/fs/cgroup"), true, java.util.Set.of(), false);

        assertThat(mount.dirOf("/docker/abc")).contains(Path.of("/sys/fs/cgroup"));
        assertThat(mount.dirOf("/docker/abc/x")).contains(Path.of("/sys/fs/cgroup/x"));
        assertThat(mount.dirOf("/docker/abcd")).isEmpty();
    }
}
