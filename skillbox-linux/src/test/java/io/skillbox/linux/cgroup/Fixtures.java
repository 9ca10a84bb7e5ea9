package io.skillbox.linux.cgroup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample /proc texts and fake cgroup trees shaped like real hosts. */
final class Fixtures {
    static final String HOST_MEMORY_OWN = "/sys/fs/cgroup/memory/process_api/b5f096e634db61c60ad58046c02d53a0";

    static final Map<String, String> V1_MEMORY = Map.of(
            "cgroup.procs", "",
            "memory.limit_in_bytes", "9223372036854771712",
            "memory.memsw.limit_in_bytes", "9223372036854771712",
            "memory.swappiness", "60",
            "memory.max_usage_in_bytes", "0",
            "memory.failcnt", "0",
            "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
    static final Map<String, String> V1_PIDS = Map.of("cgroup.procs", "", "pids.max", "max", "pids.events", "max 0\n");
    static final Map<String, String> V1_CPU =
            Map.of("cgroup.procs", "", "cpu.cfs_period_us", "100000", "cpu.cfs_quota_us", "-1");
    static final Map<String, String> V1_CPUACCT = Map.of("cgroup.procs", "", "cpuacct.usage", "0");
    static final Map<String, String> V1_FREEZER = Map.of("cgroup.procs", "", "freezer.state", "THAWED");

    static final Map<String, String> V2 = Map.ofEntries(
            Map.entry("cgroup.procs", ""),
            Map.entry("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc"),
            Map.entry("cgroup.subtree_control", ""),
            Map.entry("cgroup.events", "populated 0\nfrozen 0\n"),
            Map.entry("cgroup.freeze", "0"),
            Map.entry("cgroup.kill", ""),
            Map.entry("memory.max", "max"),
            Map.entry("memory.swap.max", "max"),
            Map.entry("memory.oom.group", "0"),
            Map.entry("memory.peak", "0"),
            Map.entry("memory.current", "0"),
            Map.entry("memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n"),
            Map.entry("pids.max", "max"),
            Map.entry("pids.events", "max 0\n"),
            Map.entry("cpu.max", "max 100000"),
            Map.entry("cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n"));

    private Fixtures() {}

    static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/cgroup/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource cgroup/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String resource) {
        return Arrays.stream(text(resource).split("\n")).filter(l -> !l.isBlank()).toList();
    }

    /** This host: separate v1 hierarchies, the JVM's memory cgroup below process_api, the rest at the root. */
    static FakeCgroupFs v1Hybrid() {
        return new FakeCgroupFs()
                .file("/proc/self/mountinfo", text("v1-hybrid.mountinfo"))
                .file("/proc/self/cgroup", text("v1-hybrid.cgroup"))
                .hierarchy("/sys/fs/cgroup/memory", V1_MEMORY)
                .hierarchy("/sys/fs/cgroup/pids", V1_PIDS)
                .hierarchy("/sys/fs/cgroup/cpu", V1_CPU)
                .hierarchy("/sys/fs/cgroup/cpuacct", V1_CPUACCT)
                .hierarchy("/sys/fs/cgroup/freezer", V1_FREEZER)
                .cgroup(HOST_MEMORY_OWN);
    }

    /** A systemd service on a v1 host where cpu and cpuacct are one hierarchy. */
    static FakeCgroupFs v1Comounted() {
        Map<String, String> cpuCpuacct = new LinkedHashMap<>(V1_CPU);
        cpuCpuacct.putAll(V1_CPUACCT);
        String service = "system.slice/skillbox.service";
        return new FakeCgroupFs()
                .file("/proc/self/mountinfo", text("v1-comounted.mountinfo"))
                .file("/proc/self/cgroup", text("v1-comounted.cgroup"))
                .hierarchy("/sys/fs/cgroup/memory", V1_MEMORY)
                .hierarchy("/sys/fs/cgroup/pids", V1_PIDS)
                .hierarchy("/sys/fs/cgroup/cpu,cpuacct", cpuCpuacct)
                .hierarchy("/sys/fs/cgroup/freezer", V1_FREEZER)
                .cgroup("/sys/fs/cgroup/memory/" + service)
                .cgroup("/sys/fs/cgroup/pids/" + service)
                .cgroup("/sys/fs/cgroup/cpu,cpuacct/" + service);
    }

    /** Pure cgroup v2 with {@code sample} ("v2-root", "v2-nested"...) as this JVM's /proc files. */
    static FakeCgroupFs v2(String sample) {
        FakeCgroupFs fs = new FakeCgroupFs()
                .file("/proc/self/mountinfo", text(sample + ".mountinfo"))
                .file("/proc/self/cgroup", text(sample + ".cgroup"))
                .hierarchy("/sys/fs/cgroup", V2);
        String own = text(sample + ".cgroup").trim().substring("0::".length());
        if (!own.equals("/")) {
            fs.cgroup("/sys/fs/cgroup" + own);
        }
        return fs;
    }
}
