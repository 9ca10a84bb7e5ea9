package io.skillbox.linux.oci;

import io.skillbox.core.backend.Availability;
import io.skillbox.linux.cgroup.CgroupManager;
import io.skillbox.linux.host.Executables;
import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether an OCI runtime can run here, what it is, and how to fix what is missing. Never throws. */
final class OciProbe {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Path KVM = Path.of("/dev/kvm");

    private OciProbe() {}

    /** The runtime's binary: /usr/bin first, then PATH. */
    static Optional<Path> locate(OciRuntime runtime) {
        return Executables.locate(runtime.binary(), "/usr/bin", "/usr/sbin");
    }

    static Availability probe(OciRuntime runtime) {
        return probe(runtime, locate(runtime), readMountinfo(), Files.exists(KVM));
    }

    /** The decision, from what was read off the host; tested with fabricated hosts. */
    static Availability probe(OciRuntime runtime, Optional<Path> binary, String mountinfo, boolean kvm) {
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        String detail = "";
        if (binary.isEmpty()) {
            problems.add(runtime.binary() + " is not installed; isolation '" + runtime.tier().wireName()
                    + "' never falls back to a weaker tier");
            fixes.add(runtime.install());
        } else {
            Optional<String> version = version(binary.get());
            if (version.isEmpty()) {
                problems.add(binary.get() + " is installed but `" + runtime.binary() + " --version` failed");
                fixes.add("reinstall it: " + runtime.install());
            }
            detail = binary.get() + " " + version.orElse("(no version)");
        }
        if (runtime == OciRuntime.CRUN && hybridCgroups(mountinfo)) {
            problems.add("crun does not support cgroup v1 hybrid hosts like this one (it fails with \"cgroups in hybrid"
                    + " mode not supported\"): cgroup v1 controllers are mounted next to a cgroup2 hierarchy");
            fixes.add("use runc for isolation 'container' here (skillbox picks it when crun is unavailable), or boot"
                    + " with systemd.unified_cgroup_hierarchy=1 for a pure cgroup v2 host");
        }
        if (runtime == OciRuntime.KATA && !kvm) {
            problems.add("no /dev/kvm: Kata runs each container in a virtual machine and needs hardware"
                    + " virtualisation, which this host (itself a VM without nested virtualisation) does not offer");
            fixes.add("run on bare metal or a VM with nested virtualisation enabled, and load kvm_intel or kvm_amd");
        }
        if (Libc.geteuid() != 0) {
            problems.add("skillbox is not running as root: OCI runtimes need it to make namespaces, cgroups and mounts");
            fixes.add("run skillbox as root (sudo bin/skillbox ...)");
        }
        CgroupManager.unavailableReason().ifPresent(p -> {
            problems.add(p);
            fixes.add("mount cgroup v2 at /sys/fs/cgroup (or the v1 memory, pids, cpu, cpuacct and freezer controllers) read-write");
        });
        return problems.isEmpty() ? Availability.ok(detail) : new Availability(false, detail, problems, fixes);
    }

    /** cgroup2 mounted alongside v1 hierarchies: systemd's "hybrid" layout. */
    static boolean hybridCgroups(String mountinfo) {
        boolean v1 = false;
        boolean v2 = false;
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String fsType = line.substring(dash + 3).split(" ", 2)[0];
            v1 |= fsType.equals("cgroup");
            v2 |= fsType.equals("cgroup2");
        }
        return v1 && v2;
    }

    private static String readMountinfo() {
        try {
            return Files.readString(MOUNTINFO);
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<String> version(Path binary) {
        return output(binary, "--version").flatMap(out -> out.lines().findFirst().map(String::strip));
    }

    /**
     * Whether runsc can start its Sentry as root of the container's user namespace ({@code boot
     * --sync-userns-fd}, gVisor 2023 on), which joining skillbox's served network namespace needs.
     */
    static boolean syncsUserNamespace(Path runsc) {
        return output(runsc, "help", "boot").map(OciProbe::listsSyncUserns).orElse(false);
    }

    static boolean listsSyncUserns(String helpBoot) {
        return helpBoot.lines().map(String::strip).anyMatch(l -> l.startsWith("-sync-userns-fd "));
    }

    /** The command's output when it exits 0 within 10 s. */
    private static Optional<String> output(Path binary, String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
